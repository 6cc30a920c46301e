// The web host listens on the loopback interface only: anything reachable from the network (0.0.0.0, ::,
// a LAN address) would expose the services to other machines, token or not.
export class NonLoopbackBindError extends Error {
  constructor(host: string) {
    super(`Refusing to listen on "${host}": the web host serves your files and must stay on this computer — use 127.0.0.1 (the default).`);
    this.name = 'NonLoopbackBindError';
  }
}

/** The address to bind: 127.0.0.1 for '127.0.0.1' or 'localhost'; throws for everything else. */
export function assertLoopbackHost(host: string): '127.0.0.1' {
  if (host === '127.0.0.1' || host === 'localhost') return '127.0.0.1';
  throw new NonLoopbackBindError(host);
}
