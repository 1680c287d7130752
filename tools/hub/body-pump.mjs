// @ts-check
/**
 * Writes a response body chunk by chunk, which is where byte-level faults happen: throttling,
 * corruption, a cut connection or a stalled one. Backpressure is respected, so a multi-GB file
 * never sits in memory.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * @typedef {import('./faults.mjs').BodyFaults & { bytesPerSecond: number }} BodyPlan
 */

/**
 * @param {import('node:http').ServerResponse} res headers already set, not yet sent
 * @param {AsyncIterable<Buffer> | Iterable<Buffer>} source exactly `length` bytes if all goes well
 * @param {number} length the Content-Length announced
 * @param {BodyPlan} plan
 * @param {(bytesSent: number) => void} onProgress
 */
export async function pumpBody(res, source, length, plan, onProgress) {
  // The client may already be gone (it gave up during a 'delay' fault); a write would then never drain.
  let closed = res.destroyed;
  res.once('close', () => {
    closed = true;
  });
  const stopAt = Math.min(plan.cutAt, plan.stallAt, length);
  // Throttled bodies go out in ~50 ms slices so the rate is smooth rather than bursty.
  const sliceSize = Number.isFinite(plan.bytesPerSecond) ? Math.max(1, Math.floor(plan.bytesPerSecond / 20)) : Infinity;
  // Headers go out now even if no body byte ever follows (cut or stall at 0 bytes).
  res.flushHeaders();

  let sent = 0;
  try {
    for await (const chunk of source) {
      for (let offset = 0; offset < chunk.length && sent < stopAt && !closed; ) {
        const take = Math.min(chunk.length - offset, sliceSize, stopAt - sent);
        let piece = chunk.subarray(offset, offset + take);
        offset += take;
        if (sent + piece.length > plan.corruptFrom) piece = corrupt(piece, plan.corruptFrom - sent);
        const flowing = res.write(piece);
        sent += piece.length;
        onProgress(sent);
        if (!flowing) await drainOrClose(res);
        if (Number.isFinite(plan.bytesPerSecond)) await sleep((piece.length / plan.bytesPerSecond) * 1000);
      }
      if (sent >= stopAt || closed) break;
    }
  } catch {
    // The file could not be read (deleted or replaced mid-download): break the response off.
    res.destroy();
    return;
  }
  if (closed) return;
  if (sent === length) {
    res.end();
  } else if (sent === plan.cutAt) {
    cutConnection(res);
  } else if (sent === plan.stallAt) {
    // Send nothing more; the client gives up or the server closes, whichever comes first.
  } else {
    // The file shrank while being served; ending normally would look like a complete download.
    res.destroy();
  }
}

/**
 * Flips every byte from `from` on, keeping the length: only a hash check can tell.
 * @param {Buffer} piece
 * @param {number} from offset within piece, may be negative (corrupt all)
 */
function corrupt(piece, from) {
  const out = Buffer.from(piece);
  for (let i = Math.max(0, from); i < out.length; i++) out[i] ^= 0xff;
  return out;
}

/**
 * Flushes what was written, then closes the TCP connection with the body incomplete: the client
 * gets fewer bytes than Content-Length and a network error.
 * @param {import('node:http').ServerResponse} res
 */
function cutConnection(res) {
  const socket = res.socket;
  if (socket) socket.end(() => socket.destroy());
  else res.destroy();
}

/** @param {import('node:http').ServerResponse} res */
function drainOrClose(res) {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve(undefined);
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
