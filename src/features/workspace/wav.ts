/**
 * A playable WAV file from the 16-bit mono PCM the media worker decodes, for files whose own
 * container or codec the browser cannot play. The chunks become the Blob's parts as they are: no
 * copy into one big buffer.
 */
export function wavFile(chunks: readonly Int16Array[], sampleRate: number): Blob {
  const dataBytes = chunks.reduce((n, c) => n + c.byteLength, 0);
  const header = new DataView(new ArrayBuffer(44));
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => header.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  header.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  header.setUint32(16, 16, true); // fmt chunk size
  header.setUint16(20, 1, true); // PCM
  header.setUint16(22, 1, true); // mono
  header.setUint32(24, sampleRate, true);
  header.setUint32(28, sampleRate * 2, true); // bytes per second
  header.setUint16(32, 2, true); // bytes per frame
  header.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  header.setUint32(40, dataBytes, true);
  return new Blob([header.buffer, ...(chunks as Int16Array<ArrayBuffer>[])], { type: 'audio/wav' });
}
