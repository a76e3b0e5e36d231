/**
 * Just enough of the TLS record layer to read a handshake's first flight: which versions a ClientHello offers, and
 * whether the server answered with a ServerHello (and for which version), an alert, or nothing. Reading the server's
 * own bytes is what tells a server refusal apart from a client that gave up on its side.
 */

const VERSION_NAMES: Readonly<Record<number, string>> = {
  0x0300: 'SSLv3',
  0x0301: 'TLSv1',
  0x0302: 'TLSv1.1',
  0x0303: 'TLSv1.2',
  0x0304: 'TLSv1.3',
};

/** RFC 8446 §6.2 / RFC 5246 §7.2 alert descriptions a refusing server typically sends. */
const ALERT_NAMES: Readonly<Record<number, string>> = {
  0: 'close_notify',
  10: 'unexpected_message',
  40: 'handshake_failure',
  47: 'illegal_parameter',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  112: 'unrecognized_name',
};

const CONTENT_ALERT = 0x15;
const CONTENT_HANDSHAKE = 0x16;
const CLIENT_HELLO = 0x01;
const SERVER_HELLO = 0x02;
const SUPPORTED_VERSIONS = 0x002b;

export const versionName = (code: number): string => VERSION_NAMES[code] ?? `0x${code.toString(16).padStart(4, '0')}`;

/** GREASE values (RFC 8701) are placeholders, not offers. */
const isGrease = (code: number) => (code & 0x0f0f) === 0x0a0a;

class Reader {
  constructor(
    private readonly bytes: Buffer,
    public offset = 0,
  ) {}
  u8(): number {
    if (this.offset + 1 > this.bytes.length) throw new RangeError('truncated');
    return this.bytes.readUInt8(this.offset++);
  }
  u16(): number {
    if (this.offset + 2 > this.bytes.length) throw new RangeError('truncated');
    const value = this.bytes.readUInt16BE(this.offset);
    this.offset += 2;
    return value;
  }
  skip(count: number): void {
    if (this.offset + count > this.bytes.length) throw new RangeError('truncated');
    this.offset += count;
  }
  slice(count: number): Buffer {
    const start = this.offset;
    this.skip(count);
    return this.bytes.subarray(start, start + count);
  }
  get remaining(): number {
    return this.bytes.length - this.offset;
  }
}

/** Extensions of a hello message, by type (the reader sits at the extensions length, if any). */
function extensions(reader: Reader): Map<number, Buffer> {
  const found = new Map<number, Buffer>();
  if (reader.remaining < 2) return found;
  const length = reader.u16();
  const end = reader.offset + length;
  while (reader.offset + 4 <= end) {
    const type = reader.u16();
    found.set(type, reader.slice(reader.u16()));
  }
  return found;
}

/** Reads the handshake message of type `type` at the start of a record stream; undefined when it is something else. */
function handshake(bytes: Buffer, type: number): Reader | undefined {
  if (bytes.length < 9 || bytes[0] !== CONTENT_HANDSHAKE || bytes[5] !== type) return undefined;
  return new Reader(bytes, 9);
}

export interface ClientHelloSummary {
  /** the versions the client offers, highest first (supported_versions, else the legacy client_version) */
  readonly offered: readonly string[];
  readonly highest: string;
  readonly cipherSuites: number;
}

export function parseClientHello(bytes: Buffer): ClientHelloSummary | undefined {
  const reader = handshake(bytes, CLIENT_HELLO);
  if (!reader) return undefined;
  try {
    const legacyVersion = reader.u16();
    reader.skip(32);
    reader.skip(reader.u8());
    const suites = reader.u16();
    reader.skip(suites);
    reader.skip(reader.u8());
    const supported = extensions(reader).get(SUPPORTED_VERSIONS);
    const codes: number[] = [];
    if (supported) {
      const list = new Reader(supported);
      const length = list.u8();
      for (let i = 0; i < length / 2; i++) codes.push(list.u16());
    }
    const offered = (codes.length > 0 ? codes.filter((c) => !isGrease(c)) : [legacyVersion]).sort((a, b) => b - a);
    return { offered: offered.map(versionName), highest: versionName(offered[0] ?? legacyVersion), cipherSuites: suites / 2 };
  } catch {
    return undefined;
  }
}

export type ServerAnswer =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'alert'; readonly level: 'warning' | 'fatal'; readonly description: number; readonly name: string }
  | { readonly kind: 'server-hello'; readonly version: string }
  | { readonly kind: 'unreadable'; readonly firstBytes: string };

/** The server's first record: a ServerHello (with the version it picked), an alert, or nothing at all. */
export function parseServerAnswer(bytes: Buffer): ServerAnswer {
  if (bytes.length === 0) return { kind: 'nothing' };
  if (bytes[0] === CONTENT_ALERT && bytes.length >= 7) {
    const description = bytes.readUInt8(6);
    return { kind: 'alert', level: bytes[5] === 2 ? 'fatal' : 'warning', description, name: ALERT_NAMES[description] ?? `alert ${description}` };
  }
  const reader = handshake(bytes, SERVER_HELLO);
  if (reader) {
    try {
      const legacyVersion = reader.u16();
      reader.skip(32);
      reader.skip(reader.u8());
      reader.skip(3);
      const selected = extensions(reader).get(SUPPORTED_VERSIONS);
      return { kind: 'server-hello', version: versionName(selected && selected.length === 2 ? selected.readUInt16BE(0) : legacyVersion) };
    } catch {
      // fall through: a ServerHello too short to read
    }
  }
  return { kind: 'unreadable', firstBytes: bytes.subarray(0, 16).toString('hex') };
}

export function describeServerAnswer(answer: ServerAnswer): string {
  switch (answer.kind) {
    case 'nothing':
      return 'closed the connection without a byte';
    case 'alert':
      return `answered with a ${answer.level} ${answer.name} alert (${answer.description})`;
    case 'server-hello':
      return `answered with a ServerHello for ${answer.version}`;
    case 'unreadable':
      return `answered with bytes that are not a TLS handshake (${answer.firstBytes}…)`;
  }
}
