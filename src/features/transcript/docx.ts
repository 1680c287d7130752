/**
 * The transcript as a Word document, through the docx library. This module is only ever loaded
 * by a dynamic import (save.ts), so the library stays out of the app's first load.
 */
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { formatClock } from '../../lib/time';
import { cleanSegments } from './formats';
import type { Segment } from './segment';

export interface DocxLabels {
  title: string;
  /** A line under the title naming the model and the language; empty for none. */
  about: string;
}

export async function toDocx(segments: readonly Segment[], labels: DocxLabels): Promise<Blob> {
  const paragraphs = cleanSegments(segments).map(
    (s) =>
      new Paragraph({
        children: [new TextRun({ text: `${formatClock(s.start)}  `, color: '555555' }), new TextRun(s.text.replace(/\n/g, ' '))],
        spacing: { after: 120 },
      }),
  );
  const document = new Document({
    creator: 'Video to Text',
    title: labels.title,
    sections: [
      {
        children: [
          new Paragraph({ text: labels.title, heading: HeadingLevel.HEADING_1 }),
          ...(labels.about ? [new Paragraph({ children: [new TextRun({ text: labels.about, italics: true })] })] : []),
          ...paragraphs,
        ],
      },
    ],
  });
  return Packer.toBlob(document);
}
