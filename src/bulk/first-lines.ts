// The line each identity (sender_item_id) of a file was first used on, so a repeat names it: exact,
// in memory that does not grow with the identities' length. In memory: a table of 32-bit
// fingerprints, 8 bytes a slot. The identities and their lines go to a temporary file (the spill),
// read back only when a fingerprint is seen again, so two identities sharing one are told apart.
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** FNV-1a over the UTF-16 code units, then murmur3's finaliser so the low bits index the table well. */
export function fingerprint(id: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index++) hash = Math.imul(hash ^ id.charCodeAt(index), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** Spill records are aligned to this many bytes, so a slot's 32 bits address 32 GB of spill. */
const ALIGN = 8;
/** Record header: the line (u32) and the identity's UTF-8 length (u32). */
const HEADER = 8;
/** Spill bytes gathered in memory before one write. */
const BUFFER = 64 * 1024;
/** The table doubles past this share of used slots (linear probing stays short below it). */
const MAX_LOAD = 0.75;

/** Options of {@link FirstLines}: for tests, a fingerprint with few values, so every path is taken. */
export interface FirstLinesOptions {
  fingerprint?: (id: string) => number;
  /** Where the spill goes. Default: the system's temporary folder. */
  dir?: string;
}

/**
 * Identities seen, each with the line it was first seen on. Memory: 8 bytes a slot, a power of two
 * of slots between 1/{@link MAX_LOAD} and 2/{@link MAX_LOAD} times the identities (16 MiB for
 * 1,000,000 identities, 128 MiB for 10,000,000). Disk: 8 bytes and the identity's own, rounded up to
 * 8, per identity, removed by {@link close} (on POSIX systems the file loses its name once open, so a
 * crash leaves nothing behind).
 */
export class FirstLines {
  readonly #fingerprint: (id: string) => number;
  readonly #dir: string;
  /** Pairs of (fingerprint, spill position / ALIGN + 1); 0 marks a free slot. */
  #slots = new Uint32Array(2 * 1024);
  #used = 0;
  #buffer = Buffer.alloc(BUFFER);
  #buffered = 0;
  /** Spill bytes on disk; the buffer holds those after them. */
  #written = 0;
  #fd: number | undefined;
  #path: string | undefined;

  constructor(options: FirstLinesOptions = {}) {
    this.#fingerprint = options.fingerprint ?? fingerprint;
    this.#dir = options.dir ?? tmpdir();
  }

  /**
   * The line `id` was first seen on, or undefined when it is new: then `line` is recorded as its first.
   */
  firstLine(id: string, line: number): number | undefined {
    const print = this.#fingerprint(id) >>> 0;
    const mask = this.#slots.length / 2 - 1;
    let slot = print & mask;
    for (;;) {
      const reference = this.#slots[2 * slot + 1]!;
      if (reference === 0) break;
      if (this.#slots[2 * slot] === print) {
        const seen = this.#read((reference - 1) * ALIGN);
        if (seen.id === id) return seen.line;
      }
      slot = (slot + 1) & mask;
    }
    this.#slots[2 * slot] = print;
    this.#slots[2 * slot + 1] = this.#append(id, line) / ALIGN + 1;
    if (++this.#used > MAX_LOAD * (mask + 1)) this.#grow();
    return undefined;
  }

  /** Removes the spill. */
  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
    if (this.#path) unlinkSync(this.#path);
  }

  #grow(): void {
    const old = this.#slots;
    this.#slots = new Uint32Array(old.length * 2);
    const mask = this.#slots.length / 2 - 1;
    for (let index = 0; index < old.length; index += 2) {
      if (old[index + 1] === 0) continue;
      let slot = old[index]! & mask;
      while (this.#slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      this.#slots[2 * slot] = old[index]!;
      this.#slots[2 * slot + 1] = old[index + 1]!;
    }
  }

  /** Appends the record of `id` to the spill; returns its position. */
  #append(id: string, line: number): number {
    const position = this.#written + this.#buffered;
    if (position / ALIGN + 1 > 0xffff_ffff) throw new RangeError('more identities than the spill can address (32 GB)');
    // UTF-8 takes at most 3 bytes per UTF-16 unit. It round-trips every identity read from a file:
    // the file's text is decoded strictly (rows.ts), so it holds no lone surrogate.
    const room = HEADER + 3 * id.length + ALIGN;
    if (this.#buffered + room > this.#buffer.length) this.#flush();
    if (room > this.#buffer.length) this.#buffer = Buffer.alloc(room);
    const length = this.#buffer.write(id, this.#buffered + HEADER, 'utf8');
    this.#buffer.writeUInt32LE(line, this.#buffered);
    this.#buffer.writeUInt32LE(length, this.#buffered + 4);
    this.#buffered += Math.ceil((HEADER + length) / ALIGN) * ALIGN;
    return position;
  }

  #flush(): void {
    if (this.#buffered === 0) return;
    if (this.#fd === undefined) this.#open();
    let done = 0;
    while (done < this.#buffered) done += writeSync(this.#fd!, this.#buffer, done, this.#buffered - done, this.#written + done);
    this.#written += this.#buffered;
    this.#buffered = 0;
  }

  #open(): void {
    const path = join(this.#dir, `paypal-payouts-ids-${process.pid}-${randomUUID()}`);
    this.#fd = openSync(path, 'wx+', 0o600);
    try {
      unlinkSync(path); // POSIX: gone from the folder now, and from the disk once closed, even by a crash
    } catch {
      this.#path = path; // Windows: an open file cannot be removed; close() does it
    }
  }

  /** The record at `position`, from the buffer or the spill. */
  #read(position: number): { line: number; id: string } {
    if (position >= this.#written) {
      const at = position - this.#written;
      const length = this.#buffer.readUInt32LE(at + 4);
      return { line: this.#buffer.readUInt32LE(at), id: this.#buffer.toString('utf8', at + HEADER, at + HEADER + length) };
    }
    const header = Buffer.alloc(HEADER);
    readExactly(this.#fd!, header, position);
    const bytes = Buffer.alloc(header.readUInt32LE(4));
    readExactly(this.#fd!, bytes, position + HEADER);
    return { line: header.readUInt32LE(0), id: bytes.toString('utf8') };
  }
}

function readExactly(fd: number, into: Buffer, position: number): void {
  for (let done = 0; done < into.length; ) {
    const read = readSync(fd, into, done, into.length - done, position + done);
    if (read === 0) throw new Error('the spill of identities ended early');
    done += read;
  }
}
