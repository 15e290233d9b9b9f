// Free TCP ports on a loopback address, found by letting the kernel pick (bind to port 0)
// and releasing them at once. Another program may take one before Prosody binds it; the
// server notices (Prosody logs the failure) and starts over on fresh ports.
import { createServer, type AddressInfo } from 'node:net';

export async function findFreePorts(count: number, address = '127.0.0.1'): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => listenOnAnyPort(address)));
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function listenOnAnyPort(address: string): Promise<ReturnType<typeof createServer>> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    // Held open together, so the kernel hands out distinct ports.
    server.listen(0, address, () => resolve(server));
  });
}
