import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';

/** Name (lower case, no trailing dot) -> its records. TXT records are lists of chunks. */
export interface DnsZone {
  [name: string]: { A?: string[]; TXT?: string[][] };
}

export interface DnsResponder {
  /** "127.0.0.1:port", as a DNS monitor's resolver field takes it. */
  address: string;
  /** Questions received, as "name TYPE". */
  questions: string[];
  close(): Promise<void>;
}

const TYPE_A = 1;
const TYPE_TXT = 16;
const TYPE_NAMES: Record<number, string> = { [TYPE_A]: 'A', [TYPE_TXT]: 'TXT', 28: 'AAAA', 5: 'CNAME', 15: 'MX', 2: 'NS', 33: 'SRV' };
const RCODE_NXDOMAIN = 3;

interface Question {
  id: number;
  name: string;
  type: number;
  /** The question section's bytes, echoed back in the answer. */
  raw: Buffer;
}

/** Reads the header and the first question of a query (labels only: queries carry no compression). */
export function decodeQuestion(packet: Buffer): Question {
  const labels: string[] = [];
  let offset = 12;
  for (let length = packet.readUInt8(offset); length > 0; length = packet.readUInt8(offset)) {
    labels.push(packet.toString('ascii', offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  const end = offset + 1 + 4; // the root label, QTYPE, QCLASS
  return {
    id: packet.readUInt16BE(0),
    name: labels.join('.').toLowerCase(),
    type: packet.readUInt16BE(offset + 1),
    raw: packet.subarray(12, end),
  };
}

function resourceRecord(type: number, data: Buffer): Buffer {
  const fixed = Buffer.alloc(12);
  fixed.writeUInt16BE(0xc00c, 0); // a pointer to the question's name
  fixed.writeUInt16BE(type, 2);
  fixed.writeUInt16BE(1, 4); // class IN
  fixed.writeUInt32BE(60, 6); // TTL
  fixed.writeUInt16BE(data.length, 10);
  return Buffer.concat([fixed, data]);
}

function recordData(type: number, zoneEntry: DnsZone[string]): Buffer[] {
  if (type === TYPE_A) return (zoneEntry.A ?? []).map((address) => Buffer.from(address.split('.').map(Number)));
  if (type === TYPE_TXT) {
    return (zoneEntry.TXT ?? []).map((chunks) =>
      Buffer.concat(chunks.map((chunk) => Buffer.concat([Buffer.from([chunk.length]), Buffer.from(chunk)]))),
    );
  }
  return [];
}

/** A standard answer: NXDOMAIN for names outside the zone, otherwise the matching records (maybe none). */
export function encodeAnswer(question: Question, zone: DnsZone): Buffer {
  const entry = zone[question.name];
  const answers = entry ? recordData(question.type, entry).map((data) => resourceRecord(question.type, data)) : [];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(question.id, 0);
  header.writeUInt16BE(0x8180 | (entry ? 0 : RCODE_NXDOMAIN), 2); // response, recursion desired + available
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, question.raw, ...answers]);
}

/** A UDP DNS server on 127.0.0.1 answering from `zone`; `silent` receives queries and never answers. */
export async function startDnsResponder(zone: DnsZone, options: { silent?: boolean } = {}): Promise<DnsResponder> {
  const socket = dgram.createSocket('udp4');
  const questions: string[] = [];
  socket.on('message', (packet, sender) => {
    const question = decodeQuestion(packet);
    questions.push(`${question.name} ${TYPE_NAMES[question.type] ?? question.type}`);
    if (!options.silent) socket.send(encodeAnswer(question, zone), sender.port, sender.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(socket.address() as AddressInfo).port}`,
    questions,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
