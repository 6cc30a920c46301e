// TensorBoard event files, built as bytes (pure: no fs, no clock, no host name — callers pass those in).
// An events file is a TFRecord stream: each record is uint64 LE length, masked CRC-32C of those 8 bytes, the
// data, masked CRC-32C of the data (tensorflow/core/lib/io/record_writer.cc). Each record's data is one
// `tensorflow.Event` protobuf (tensorflow/core/util/event.proto): the first says file_version "brain.Event:2",
// the others carry a Summary of scalar values (summary.proto, Summary.Value.simple_value), which TensorBoard's
// scalars dashboard and its EventAccumulator read directly.
//
// Hand-encoded: only five protobuf fields are needed, each with a fixed wire type.

import { crc32c } from '../export/weights/crc32';

/** TFRecord's masked CRC: rotate right by 15 and add a constant, so a CRC of data holding CRCs stays strong. */
export function maskedCrc32c(data: Uint8Array): number {
  const crc = crc32c(data);
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

/** One TFRecord: length, its masked CRC, the data, the data's masked CRC. */
export function tfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

// ---- protobuf wire format (varint tags: field << 3 | wire type; 0 varint, 1 fixed64, 2 bytes, 5 fixed32) ----

class ProtoWriter {
  private readonly parts: number[] = [];

  varint(value: bigint | number): this {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.parts.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.parts.push(Number(v));
    return this;
  }

  private tag(field: number, wireType: number): this {
    return this.varint((field << 3) | wireType);
  }

  double(field: number, value: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.tag(field, 1).parts.push(...b);
    return this;
  }

  float(field: number, value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.tag(field, 5).parts.push(...b);
    return this;
  }

  int64(field: number, value: number): this {
    return this.tag(field, 0).varint(value);
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2).varint(data.length).parts.push(...data);
    return this;
  }

  string(field: number, text: string): this {
    return this.bytes(field, new TextEncoder().encode(text));
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export const EVENT_FILE_VERSION = 'brain.Event:2';

export interface ScalarEvent {
  /** Seconds since the Unix epoch (Event.wall_time is a double). */
  wallTime: number;
  step: number;
  /** tag → value; stored as float32 (Summary.Value.simple_value). */
  scalars: Readonly<Record<string, number>>;
}

/** Event { wall_time = 1, step = 2, file_version = 3 } — the first event of every file. */
export function fileVersionEvent(wallTime: number): Uint8Array {
  return new ProtoWriter().double(1, wallTime).int64(2, 0).string(3, EVENT_FILE_VERSION).finish();
}

/** Event { wall_time = 1, step = 2, summary = 5 { repeated value = 1 { tag = 1, simple_value = 2 } } }. */
export function scalarEvent(e: ScalarEvent): Uint8Array {
  const summary = new ProtoWriter();
  for (const [tag, value] of Object.entries(e.scalars)) summary.bytes(1, new ProtoWriter().string(1, tag).float(2, value).finish());
  return new ProtoWriter().double(1, e.wallTime).int64(2, e.step).bytes(5, summary.finish()).finish();
}

/** A whole events file: the file_version record (at the first event's time, or `createdAt`), then one record per event. */
export function eventsFileBytes(events: readonly ScalarEvent[], createdAt = events[0]?.wallTime ?? 0): Uint8Array {
  const records = [tfRecord(fileVersionEvent(createdAt)), ...events.map((e) => tfRecord(scalarEvent(e)))];
  const out = new Uint8Array(records.reduce((n, r) => n + r.length, 0));
  let at = 0;
  for (const r of records) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}

/**
 * `events.out.tfevents.<secs>.<host>.<pid>.v2`, as TensorFlow 2 names them (TensorBoard picks up any file
 * whose name contains "tfevents"). The host part keeps letters, digits, '-' and '_' only, so it stays one
 * dot-separated field and a plain file name on every OS.
 */
export function eventsFileName(parts: { seconds: number; host: string; pid: number }): string {
  const host = parts.host.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'localhost';
  return `events.out.tfevents.${Math.floor(parts.seconds)}.${host}.${Math.trunc(parts.pid)}.v2`;
}

export const isEventsFileName = (name: string) => /^events\.out\.tfevents\./.test(name);

/** One epoch of a training history: what the trainer reports (src/train/reports.ts EpochReport). */
export interface EpochScalars {
  epoch: number;
  loss: number;
  acc: number;
  valLoss?: number;
  valAcc?: number;
  seconds: number;
  learningRate: number;
}

/**
 * A history as Keras' TensorBoard callback lays it out: `train/` with epoch_loss, epoch_accuracy and
 * epoch_learning_rate, `validation/` with epoch_loss and epoch_accuracy (only for epochs that were
 * validated; absent when none was). Step = epoch index; wall time = `startedAt` (seconds) plus the epochs' times.
 */
export function kerasEpochEvents(history: readonly EpochScalars[], startedAt: number): { train: ScalarEvent[]; validation: ScalarEvent[] } {
  const train: ScalarEvent[] = [];
  const validation: ScalarEvent[] = [];
  let wallTime = startedAt;
  for (const e of history) {
    wallTime += e.seconds;
    train.push({ wallTime, step: e.epoch, scalars: { epoch_loss: e.loss, epoch_accuracy: e.acc, epoch_learning_rate: e.learningRate } });
    if (e.valLoss !== undefined && e.valAcc !== undefined)
      validation.push({ wallTime, step: e.epoch, scalars: { epoch_loss: e.valLoss, epoch_accuracy: e.valAcc } });
  }
  return { train, validation };
}
