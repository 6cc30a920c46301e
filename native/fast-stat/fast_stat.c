// listDirectory(path) -> { names: string (NUL-separated), kinds: Uint8Array, sizes: Float64Array, mtimes: Float64Array, errors: Int32Array }
// One readdir pass, then fstatat() relative to the open directory from up to 4 threads: no path is resolved from
// the root again for each entry, and no fs.Stats object is made per file. On this project's 70,000-file
// benchmark folder (2 cores) the stats take ~0.14 s in C with 2 threads against ~0.23 s with one, and
// readdirSync + statSync take ~0.45 s (see bench/datasets.ts). Entries come back sorted by strcmp (code-point
// order), so the caller's own sort finds them already in order.
// kinds: 0 regular file, 1 directory, 2 other (socket, FIFO, device), 3 error (errno in errors[i]);
// +4 when the entry itself is a symbolic link (the size, mtime and kind are those of its target, as stat() gives).
// mtimes are floor(sec·1000 + nsec/1e6), the same double arithmetic as Node's Math.floor(stats.mtimeMs).
#include <node_api.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <pthread.h>

#ifdef __APPLE__
#define MTIME_SEC(st) ((st).st_mtimespec.tv_sec)
#define MTIME_NSEC(st) ((st).st_mtimespec.tv_nsec)
#else
#define MTIME_SEC(st) ((st).st_mtim.tv_sec)
#define MTIME_NSEC(st) ((st).st_mtim.tv_nsec)
#endif

typedef struct {
  char *name;
  unsigned char type;
  unsigned char kind;
  double size;
  double mtime;
  int error;
} entry_t;

static napi_value throw_errno(napi_env env, const char *what, int err) {
  char code[32];
  char message[512];
  const char *name = err == ENOENT ? "ENOENT" : err == EACCES ? "EACCES" : err == ENOTDIR ? "ENOTDIR" : err == ELOOP ? "ELOOP" : err == EMFILE ? "EMFILE" : "EIO";
  strncpy(code, name, sizeof code);
  snprintf(message, sizeof message, "%s: %s", name, what);
  napi_throw_error(env, code, message);
  return NULL;
}

static napi_value typed(napi_env env, napi_typedarray_type type, size_t length, size_t element, void **data) {
  napi_value buffer, array;
  napi_create_arraybuffer(env, length * element, data, &buffer);
  napi_create_typedarray(env, type, length, buffer, 0, &array);
  return array;
}

#define MAX_THREADS 4

typedef struct {
  int fd;
  entry_t *entries;
  size_t from, to;
} stat_job_t;

static int by_name(const void *a, const void *b) {
  return strcmp(((const entry_t *)a)->name, ((const entry_t *)b)->name);
}

static void *stat_range(void *arg) {
  stat_job_t *job = arg;
  for (size_t i = job->from; i < job->to; i++) {
    entry_t *e = &job->entries[i];
    e->size = 0;
    e->mtime = 0;
    e->error = 0;
    struct stat st;
    int link = 0;
    if (e->type == DT_LNK || e->type == DT_UNKNOWN) {
      if (fstatat(job->fd, e->name, &st, AT_SYMLINK_NOFOLLOW) == 0) link = S_ISLNK(st.st_mode);
    }
    if (fstatat(job->fd, e->name, &st, 0) != 0) {
      e->kind = 3 + (link ? 4 : 0);
      e->error = errno;
      continue;
    }
    e->kind = (S_ISREG(st.st_mode) ? 0 : S_ISDIR(st.st_mode) ? 1 : 2) + (link ? 4 : 0);
    e->size = (double)st.st_size;
    e->mtime = floor((double)MTIME_SEC(st) * 1e3 + (double)MTIME_NSEC(st) / 1e6);
  }
  return NULL;
}

static napi_value list_directory(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  size_t path_length = 0;
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], NULL, 0, &path_length) != napi_ok) {
    napi_throw_type_error(env, NULL, "listDirectory(path): path must be a string");
    return NULL;
  }
  char *path = malloc(path_length + 1);
  napi_get_value_string_utf8(env, argv[0], path, path_length + 1, &path_length);
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    napi_value r = throw_errno(env, path, err);
    free(path);
    return r;
  }
  DIR *dir = fdopendir(fd);
  if (!dir) {
    int err = errno;
    close(fd);
    napi_value r = throw_errno(env, path, err);
    free(path);
    return r;
  }
  size_t count = 0, capacity = 1024;
  entry_t *entries = malloc(capacity * sizeof(entry_t));
  struct dirent *d;
  while ((d = readdir(dir)) != NULL) {
    if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0) continue;
    if (count == capacity) {
      capacity *= 2;
      entries = realloc(entries, capacity * sizeof(entry_t));
    }
    entry_t *e = &entries[count++];
    e->name = strdup(d->d_name);
    e->type = d->d_type;
  }
  qsort(entries, count, sizeof(entry_t), by_name);
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  size_t threads = count < 2048 ? 1 : (size_t)(cpus < 1 ? 1 : cpus > MAX_THREADS ? MAX_THREADS : cpus);
  stat_job_t jobs[MAX_THREADS];
  pthread_t ids[MAX_THREADS];
  size_t started = 0;
  for (size_t t = 0; t < threads; t++) {
    jobs[t] = (stat_job_t){fd, entries, count * t / threads, count * (t + 1) / threads};
    if (t == 0 || pthread_create(&ids[t], NULL, stat_range, &jobs[t]) != 0) continue;
    started |= (size_t)1 << t;
  }
  // This thread takes range 0, and any range whose thread could not start.
  stat_range(&jobs[0]);
  for (size_t t = 1; t < threads; t++) {
    if (started & ((size_t)1 << t)) pthread_join(ids[t], NULL);
    else stat_range(&jobs[t]);
  }
  closedir(dir);
  free(path);

  // Names travel as one NUL-joined string (split in JS): one string per entry through N-API costs more than the stats.
  size_t total = 0;
  for (size_t i = 0; i < count; i++) total += strlen(entries[i].name) + 1;
  char *joined = malloc(total + 1);
  size_t at = 0;
  napi_value result, names;
  napi_create_object(env, &result);
  unsigned char *kinds;
  double *sizes, *mtimes;
  int32_t *errors;
  napi_value kinds_array = typed(env, napi_uint8_array, count, 1, (void **)&kinds);
  napi_value sizes_array = typed(env, napi_float64_array, count, 8, (void **)&sizes);
  napi_value mtimes_array = typed(env, napi_float64_array, count, 8, (void **)&mtimes);
  napi_value errors_array = typed(env, napi_int32_array, count, 4, (void **)&errors);
  for (size_t i = 0; i < count; i++) {
    size_t length = strlen(entries[i].name);
    memcpy(joined + at, entries[i].name, length);
    at += length;
    joined[at++] = 0;
    kinds[i] = entries[i].kind;
    sizes[i] = entries[i].size;
    mtimes[i] = entries[i].mtime;
    errors[i] = entries[i].error;
    free(entries[i].name);
  }
  free(entries);
  // Without the final separator: "a\0b" splits into exactly `count` names (an empty directory gives "").
  napi_create_string_utf8(env, joined, at > 0 ? at - 1 : 0, &names);
  free(joined);
  napi_set_named_property(env, result, "names", names);
  napi_set_named_property(env, result, "kinds", kinds_array);
  napi_set_named_property(env, result, "sizes", sizes_array);
  napi_set_named_property(env, result, "mtimes", mtimes_array);
  napi_set_named_property(env, result, "errors", errors_array);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "listDirectory", NAPI_AUTO_LENGTH, list_directory, NULL, &fn);
  napi_set_named_property(env, exports, "listDirectory", fn);
  return exports;
}
