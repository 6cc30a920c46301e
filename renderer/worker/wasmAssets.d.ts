// Vite's `?url` imports (the file is emitted with the build and its URL returned), for the wasm binaries.
declare module '*.wasm?url' {
  const url: string;
  export default url;
}

// Vite `?raw`: the file's text (tfjs-backend-wasm's published threaded glue, see wasmBackend.ts).
declare module '*.js?raw' {
  const text: string;
  export default text;
}
