// TLS for the client stream: normal verification against the system CAs, or a pinned
// certificate for the family box's own self-signed Prosody.
// References: RFC 6120 §5.4.3.1 and §13.7.2 (certificate validation for the domain),
// RFC 6125 (server identity), XEP-0368 §4 (ALPN "xmpp-client" for direct TLS).
//
// Pinning: the connection is accepted when the peer's certificate is byte-for-byte the
// pinned one, or when it chains to the pinned certificate used as the only CA and names the
// domain. Anything else fails with E_LINKER_TLS; there is no "accept anyway".
import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type TLSSocket } from 'node:tls';
import { LinkerError } from '../errors.js';

export interface TlsTrust {
  /** PEM of a certificate to trust for this server instead of the system CAs. */
  pinnedCertificate?: string;
}

export interface TlsTarget {
  domain: string;
  /** An established TCP socket to upgrade (STARTTLS), or host/port for direct TLS. */
  socket?: Socket;
  host?: string;
  port?: number;
  directTls?: boolean;
}

export function connectTls(target: TlsTarget, trust: TlsTrust): Promise<TLSSocket> {
  const pinned = trust.pinnedCertificate === undefined ? undefined : new X509Certificate(trust.pinnedCertificate);
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      socket: target.socket,
      host: target.socket ? undefined : target.host,
      port: target.socket ? undefined : target.port,
      servername: isIpAddress(target.domain) ? undefined : target.domain,
      ALPNProtocols: target.directTls ? ['xmpp-client'] : undefined,
      minVersion: 'TLSv1.2',
      ca: pinned ? [trust.pinnedCertificate!] : undefined,
      // With a pin the decision is ours (below); without, Node's verification decides.
      rejectUnauthorized: pinned === undefined,
      checkServerIdentity: (_host, certificate) => checkServerIdentity(target.domain, certificate),
    });
    const fail = (error: Error): void => {
      socket.destroy();
      if (error instanceof LinkerError) {
        reject(error);
        return;
      }
      // Certificate problems need a person to act; other handshake failures may be transient.
      const isCertificateProblem = /CERT|SELF_SIGNED|ALTNAME|UNABLE_TO_(GET|VERIFY)/.test(String((error as NodeJS.ErrnoException).code));
      reject(new LinkerError('E_LINKER_TLS', `TLS with ${target.domain} failed: ${error.message}`,
        { condition: isCertificateProblem ? 'certificate-untrusted' : 'tls-failed', cause: error }));
    };
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      socket.off('error', fail);
      if (pinned) {
        const error = checkPinned(socket, pinned, target.domain);
        if (error) {
          socket.destroy();
          reject(error);
          return;
        }
      }
      resolve(socket);
    });
  });
}

function checkPinned(socket: TLSSocket, pinned: X509Certificate, domain: string): LinkerError | undefined {
  const peer = socket.getPeerX509Certificate();
  if (peer && peer.raw.equals(pinned.raw)) return undefined;
  if (peer && socket.authorized && checkServerIdentity(domain, socket.getPeerCertificate()) === undefined) return undefined;
  const why = socket.authorizationError ? ` (${String(socket.authorizationError)})` : '';
  return new LinkerError('E_LINKER_TLS',
    `The certificate of ${domain} is neither the pinned certificate nor signed by it${why}: refusing to connect.`,
    { condition: 'certificate-untrusted' });
}

function isIpAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
