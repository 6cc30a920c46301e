// The events-file bytes checked against published CRC-32C check values, TFRecord's framing read back by hand, and
// each record decoded by protobufjs from event.proto / summary.proto's field numbers (an independent decoder).
// TensorBoard's own reader runs on real training logs in node/experiments/writeTensorboard.test.ts.
import { describe, expect, it } from 'vitest';
import protobuf from 'protobufjs';
import { crc32c } from '../export/weights/crc32';
import { eventsFileBytes, eventsFileName, kerasEpochEvents, maskedCrc32c, tfRecord, EVENT_FILE_VERSION } from './tfevents';

const ascii = (s: string) => new TextEncoder().encode(s);

const { root } = protobuf.parse(`
  syntax = "proto3";
  package tensorflow;
  message SummaryValue { string tag = 1; float simple_value = 2; }
  message Summary { repeated SummaryValue value = 1; }
  message Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
`);
const EventType = root.lookupType('tensorflow.Event');

/** The records of a TFRecord stream, each CRC checked. */
function readRecords(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const length = Number(view.getBigUint64(at, true));
    expect(view.getUint32(at + 8, true)).toBe(maskedCrc32c(bytes.subarray(at, at + 8)));
    const data = bytes.subarray(at + 12, at + 12 + length);
    expect(view.getUint32(at + 12 + length, true)).toBe(maskedCrc32c(data));
    records.push(data);
    at += 16 + length;
  }
  return records;
}

const decodeEvent = (data: Uint8Array) => EventType.toObject(EventType.decode(data), { longs: Number, defaults: false }) as {
  wallTime: number;
  step?: number;
  fileVersion?: string;
  summary?: { value: { tag: string; simpleValue: number }[] };
};

describe('CRC-32C', () => {
  // "123456789": the catalogue check value of CRC-32C; 32 zero / 32 0xFF bytes: RFC 3720 (iSCSI) B.4.
  it.each([
    ['"123456789"', ascii('123456789'), 0xe3069283],
    ['32 bytes of 0x00', new Uint8Array(32), 0x8a9136aa],
    ['32 bytes of 0xFF', new Uint8Array(32).fill(0xff), 0x62a8ab43],
    ['nothing', new Uint8Array(0), 0],
  ])('%s → its published value', (_name, data, want) => {
    expect(crc32c(data)).toBe(want);
  });

  it('the mask is rotate-right-15 plus 0xa282ead8', () => {
    const crc = crc32c(ascii('123456789'));
    expect(maskedCrc32c(ascii('123456789'))).toBe((((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0);
  });
});

describe('TFRecord framing', () => {
  it('is length, masked CRC of the length, data, masked CRC of the data', () => {
    const data = ascii('hello');
    const r = tfRecord(data);
    expect(r.length).toBe(8 + 4 + 5 + 4);
    expect(Number(new DataView(r.buffer).getBigUint64(0, true))).toBe(5);
    expect(readRecords(r)).toEqual([data]);
  });
});

describe('events file', () => {
  const history = [
    { epoch: 0, loss: 1.25, acc: 0.5, valLoss: 1.5, valAcc: 0.375, seconds: 2, learningRate: 0.01 },
    { epoch: 1, loss: 0.75, acc: 0.8125, valLoss: 0.875, valAcc: 0.75, seconds: 3, learningRate: 0.005 },
    { epoch: 2, loss: Number.NaN, acc: 0.1, seconds: 1, learningRate: 0.0025 },
  ];

  it('starts with file_version "brain.Event:2", then one event per epoch with float32 scalars', () => {
    const { train } = kerasEpochEvents(history, 1_700_000_000);
    const events = readRecords(eventsFileBytes(train)).map(decodeEvent);
    expect(events[0]).toMatchObject({ wallTime: 1_700_000_002, fileVersion: EVENT_FILE_VERSION });
    expect(events[0].summary).toBeUndefined();
    expect(events.slice(1).map((e) => [e.step ?? 0, e.wallTime])).toEqual([[0, 1_700_000_002], [1, 1_700_000_005], [2, 1_700_000_006]]);
    const values = events.slice(1).map((e) => Object.fromEntries(e.summary!.value.map((v) => [v.tag, v.simpleValue])));
    expect(values[1]).toEqual({ epoch_loss: 0.75, epoch_accuracy: 0.8125, epoch_learning_rate: Math.fround(0.005) });
    expect(values[0].epoch_learning_rate).toBe(Math.fround(0.01));
    expect(values[2].epoch_loss).toBeNaN(); // a diverged epoch is recorded as NaN, as Keras does
  });

  it('puts validation only where an epoch was validated', () => {
    const { validation } = kerasEpochEvents(history, 0);
    expect(validation.map((e) => [e.step, e.scalars])).toEqual([
      [0, { epoch_loss: 1.5, epoch_accuracy: 0.375 }],
      [1, { epoch_loss: 0.875, epoch_accuracy: 0.75 }],
    ]);
    expect(kerasEpochEvents(history.slice(2), 0).validation).toEqual([]);
  });

  it.each([
    [{ seconds: 1764655200.7, host: 'build-box', pid: 4242 }, 'events.out.tfevents.1764655200.build-box.4242.v2'],
    [{ seconds: 5, host: 'my.host.local', pid: 1 }, 'events.out.tfevents.5.my-host-local.1.v2'],
    [{ seconds: 5, host: '../ 서버/..', pid: 7 }, 'events.out.tfevents.5.localhost.7.v2'],
  ])('is named %o → %s', (parts, want) => {
    expect(eventsFileName(parts)).toBe(want);
  });
});
