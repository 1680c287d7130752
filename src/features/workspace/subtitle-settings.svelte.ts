import { asRecord, readLocalJson, writeLocalJson } from '../../lib/local-store';
import { sanitizeRules, type SubtitleRules } from '../transcript';

const STORAGE_KEY = 'video-to-text:subtitle-rules';

/** The subtitle line rules the user set, remembered in localStorage (defaults: Subtitle Edit's). */
export class SubtitleSettings {
  rules = $state<SubtitleRules>(sanitizeRules(readLocalJson(STORAGE_KEY, asRecord)));

  set(key: keyof SubtitleRules, value: number): void {
    this.rules = sanitizeRules({ ...this.rules, [key]: value });
    writeLocalJson(STORAGE_KEY, this.rules);
  }
}
