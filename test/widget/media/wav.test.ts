import { describe, expect, it } from 'vitest';
import { encodeWav, mixToMono } from '../../../widget/media/wav.ts';

const ascii = (view: DataView, offset: number, length: number) =>
  String.fromCharCode(...Array.from({ length }, (_, index) => view.getUint8(offset + index)));

describe('WAV encoder', () => {
  it('writes a RIFF/WAVE header for 16-bit PCM mono at the recording’s sample rate', () => {
    const samples = new Float32Array([0, 0.5, -0.5, 1, -1]);
    const view = new DataView(encodeWav(samples, 48_000));
    expect(view.byteLength).toBe(44 + samples.length * 2);
    expect(ascii(view, 0, 4)).toBe('RIFF');
    expect(view.getUint32(4, true)).toBe(view.byteLength - 8);
    expect(ascii(view, 8, 4)).toBe('WAVE');
    expect(ascii(view, 12, 4)).toBe('fmt ');
    expect(view.getUint32(16, true)).toBe(16);
    expect(view.getUint16(20, true)).toBe(1); // PCM
    expect(view.getUint16(22, true)).toBe(1); // mono
    expect(view.getUint32(24, true)).toBe(48_000);
    expect(view.getUint32(28, true)).toBe(96_000); // bytes per second
    expect(view.getUint16(32, true)).toBe(2); // bytes per frame
    expect(view.getUint16(34, true)).toBe(16); // bits per sample
    expect(ascii(view, 36, 4)).toBe('data');
    expect(view.getUint32(40, true)).toBe(samples.length * 2);
  });

  it('stores the samples as little-endian 16-bit integers, clamping what is out of range', () => {
    const view = new DataView(encodeWav(new Float32Array([0, 0.5, -0.5, 1, -1, 3, -3]), 16_000));
    const read = (index: number) => view.getInt16(44 + index * 2, true);
    expect([0, 1, 2, 3, 4, 5, 6].map(read)).toEqual([0, 16383, -16384, 32767, -32768, 32767, -32768]);
  });

  it('mixes channels down to one by averaging them', () => {
    expect([...mixToMono([new Float32Array([1, 0, 0.5]), new Float32Array([0, 0, -0.5])])]).toEqual([0.5, 0, 0]);
    const single = new Float32Array([0.25]);
    expect(mixToMono([single])).toBe(single);
    expect(mixToMono([])).toHaveLength(0);
  });
});
