/**
 * Which container "Save video with subtitles" writes for a file: its own where that container takes
 * a soft subtitle track, Matroska for the other video containers, none for audio files.
 */
import type { MuxContainer } from '../media';

const CONTAINER_BY_EXTENSION: Record<string, MuxContainer> = { mp4: 'mp4', m4v: 'mp4', mov: 'mov', mkv: 'mkv', webm: 'webm' };
/** Other video files keep their streams in Matroska, which takes almost any codec as it is. */
const OTHER_VIDEO = new Set(['avi', 'ts', 'mts', 'm2ts', 'flv', 'wmv', 'asf', '3gp', 'ogv', 'mpg', 'mpeg', 'vob']);

export function muxContainerFor(fileName: string): MuxContainer | null {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return CONTAINER_BY_EXTENSION[extension] ?? (OTHER_VIDEO.has(extension) ? 'mkv' : null);
}
