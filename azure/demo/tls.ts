// A throwaway certificate authority for the demo tenant: the SDK clients only
// send bearer tokens over HTTPS, so the loopback server needs a certificate the
// clients can be told to trust (through their `tlsOptions`), and nothing else.
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

export interface DemoTls {
  /** PEM of the self-signed CA; hand it to clients as their trusted CA. */
  caPem: string;
  /** PEM of the server's leaf certificate (127.0.0.1, localhost, ::1), issued by the CA. */
  certPem: string;
  /** PKCS#8 PEM of the leaf's private key. */
  keyPem: string;
}

const crypto = webcrypto;
const ecdsa = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const VALID_FROM = new Date(Date.UTC(2000, 0, 1));
const VALID_UNTIL = new Date(Date.UTC(2099, 11, 31));

const randomSerial = (): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // positive INTEGER
  return Buffer.from(bytes).toString('hex');
};

/**
 * Generates a CA and a leaf certificate for the loopback names. ECDSA P-256 keeps
 * it to a few milliseconds. TLS checks validity against the machine's clock, not
 * the demo's (which may be set anywhere), so the certificates are valid for a
 * wide fixed span instead of being dated from any clock; they live as long as
 * the process and are trusted only by clients handed this CA.
 */
export async function generateDemoTls(): Promise<DemoTls> {
  const caKeys = await crypto.subtle.generateKey(ecdsa, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: 'CN=Vigil demo tenant CA',
      notBefore: VALID_FROM,
      notAfter: VALID_UNTIL,
      keys: caKeys,
      signingAlgorithm: ecdsa,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );

  const leafKeys = await crypto.subtle.generateKey(ecdsa, true, ['sign', 'verify']);
  const leaf = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: 'CN=127.0.0.1',
      issuer: ca.subject,
      notBefore: VALID_FROM,
      notAfter: VALID_UNTIL,
      publicKey: leafKeys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: ecdsa,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension([
          { type: 'ip', value: '127.0.0.1' },
          { type: 'ip', value: '::1' },
          { type: 'dns', value: 'localhost' },
        ]),
        await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );

  const pkcs8 = await crypto.subtle.exportKey('pkcs8', leafKeys.privateKey);
  return {
    caPem: ca.toString('pem'),
    certPem: leaf.toString('pem'),
    keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
  };
}
