{
  "targets": [
    {
      "target_name": "fast_stat",
      "sources": ["fast_stat.c"],
      "cflags": ["-O2"]
    }
  ]
}
