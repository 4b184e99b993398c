import { X509Certificate } from 'node:crypto';
import { get } from 'node:https';
import { createServer, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import { CertificateChangedError, inspectHubCertificate, PinnedAgent } from './pinned-tls';

interface Hub {
  address: string;
  fingerprint: string;
  /** Every byte a client sent over TLS, per connection. */
  received: string[];
  server: Server;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A real TLS server with a self-signed certificate, answering any HTTP request with "hub". */
async function startTlsHub(): Promise<Hub> {
  const pems = await generate([{ name: 'commonName', value: 'test hub' }], { keySize: 2048 });
  const received: string[] = [];
  const server = createServer({ key: pems.private, cert: pems.cert }, (socket) => {
    const at = received.push('') - 1;
    socket.on('data', (chunk: Buffer) => {
      received[at] += chunk.toString('latin1');
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 3\r\nconnection: close\r\n\r\nhub');
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { address: `https://127.0.0.1:${port}`, fingerprint: new X509Certificate(pems.cert).fingerprint256, received, server };
}

function fetchThrough(agent: PinnedAgent, address: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(`${address}/`, { agent }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

describe('pinning the hub like an SSH host key', () => {
  it("answers the certificate's SHA-256 fingerprint without trusting a CA and without sending a byte", async () => {
    const hub = await startTlsHub();
    const seen = await inspectHubCertificate(hub.address);
    expect(seen).toMatchObject({ address: hub.address, fingerprint: hub.fingerprint, subject: 'test hub' });
    expect(hub.received.every((bytes) => bytes === '')).toBe(true);
  });

  it('talks to the hub whose certificate is pinned', async () => {
    const hub = await startTlsHub();
    const refusals: CertificateChangedError[] = [];
    const agent = new PinnedAgent({ fingerprint: hub.fingerprint.toLowerCase(), onRefused: (error) => refusals.push(error) });
    expect(await fetchThrough(agent, hub.address)).toBe('hub');
    expect(refusals).toEqual([]);
    agent.destroy();
  });

  it('refuses another certificate with both fingerprints named, before any byte of a request is sent', async () => {
    const pinned = await startTlsHub();
    const impostor = await startTlsHub();
    const refusals: CertificateChangedError[] = [];
    const agent = new PinnedAgent({ fingerprint: pinned.fingerprint, onRefused: (error) => refusals.push(error) });
    const failure = await fetchThrough(agent, impostor.address).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CertificateChangedError);
    expect((failure as Error).message).toContain(
      `The hub's certificate changed: expected ${pinned.fingerprint}, got ${impostor.fingerprint}`,
    );
    expect(refusals).toHaveLength(1);
    // The impostor completed a TLS handshake and got nothing: no request line, no header, no credential.
    expect(impostor.received.join('')).toBe('');
    agent.destroy();
  });

  it('says plainly when nothing answers at the address', async () => {
    const hub = await startTlsHub();
    await new Promise((resolve) => hub.server.close(resolve));
    servers.splice(servers.indexOf(hub.server), 1);
    await expect(inspectHubCertificate(hub.address)).rejects.toThrow(`Could not reach the hub at ${hub.address}`);
  });
});
