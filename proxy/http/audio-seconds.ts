// Speech-to-text is paid by the second of audio. The proxy streams the upload through without keeping
// it, so it estimates the length from what passes: a WAV file says its byte rate in its header; any other
// type is counted at a fixed byte rate.

/** Bytes per second assumed for audio that is not WAV: 32 kbit/s, a usual rate for recorded speech. */
export const assumedBytesPerSecond = 4_000;

/** A believable byte rate: from 8 kHz 8-bit mono (8,000 B/s) up to 384 kHz 32-bit 8 channels. */
const believable = (byteRate: number) => byteRate >= 1_000 && byteRate <= 12_288_000;

/** The `fmt ` chunk's byte rate of a RIFF/WAVE header and where its samples start, when the bytes begin with one. */
function wavLayout(head: Buffer): { byteRate: number; dataStart: number } | undefined {
  if (head.length < 12 || head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE') return undefined;
  let byteRate: number | undefined;
  let offset = 12;
  while (offset + 8 <= head.length) {
    const id = head.toString('latin1', offset, offset + 4);
    const size = head.readUInt32LE(offset + 4);
    if (id === 'fmt ' && offset + 20 <= head.length) byteRate = head.readUInt32LE(offset + 16);
    if (id === 'data') return byteRate !== undefined && believable(byteRate) ? { byteRate, dataStart: offset + 8 } : undefined;
    offset += 8 + size + (size % 2);
  }
  return byteRate !== undefined && believable(byteRate) ? { byteRate, dataStart: 0 } : undefined;
}

/** How much header is kept to find the `fmt ` chunk (it comes first in every WAV a recorder writes). */
const headBytes = 512;

/** Counts an upload's bytes as they pass and estimates its seconds of audio. */
export function createAudioMeter() {
  const head: Buffer[] = [];
  let kept = 0;
  let bytes = 0;
  return {
    add(chunk: Buffer): void {
      bytes += chunk.length;
      if (kept < headBytes) {
        head.push(chunk.subarray(0, headBytes - kept));
        kept += Math.min(chunk.length, headBytes - kept);
      }
    },
    bytes: () => bytes,
    /** Whole seconds, at least 1 for any audio at all. */
    seconds(): number {
      if (bytes === 0) return 0;
      const { byteRate, dataStart } = wavLayout(Buffer.concat(head)) ?? { byteRate: assumedBytesPerSecond, dataStart: 0 };
      return Math.max(1, Math.ceil((bytes - dataStart) / byteRate));
    },
  };
}
