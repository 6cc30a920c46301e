// Vite's `?url` imports (the file is emitted with the build and its URL returned), for the wasm binaries.
declare module '*.wasm?url' {
  const url: string;
  export default url;
}
