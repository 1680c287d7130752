import { describe, expect, it } from 'vitest';
import { ModelsError } from '../errors';
import { archiveUrl, parseModelSource, serializeModelSource, sourceList, sourceOrigins, sourceRepoId } from './model-source';

function sourceError(json: string): string {
  try {
    parseModelSource(json);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelsError);
    expect((error as ModelsError).code).toBe('source');
    return (error as ModelsError).info.detail!;
  }
  throw new Error('no error');
}

describe('model_source settings', () => {
  it('reads the guide’s block, with the revision defaulting to main', () => {
    expect(parseModelSource('{"model_source": {"type": "huggingface", "repo_id": "user/model"}}')).toEqual({
      type: 'huggingface',
      repo_id: 'user/model',
      revision: 'main',
    });
  });

  it('reads an archive URL with its sha256 and backups, and round-trips through serialize', () => {
    const json = JSON.stringify({
      model_source: {
        type: 'url',
        url: 'https://github.com/o/r/releases/download/v1.0/model.zip',
        sha256: 'A'.repeat(64),
        repo_id: 'o/whisper',
        backup: ['https://models.example.org/model.zip', { type: 'huggingface', repo_id: 'o/whisper', revision: 'v1', endpoint: 'https://hf-mirror.com' }],
      },
    });
    const spec = parseModelSource(json);
    expect(spec).toMatchObject({ type: 'url', sha256: 'a'.repeat(64), repo_id: 'o/whisper' });
    expect(parseModelSource(serializeModelSource(spec))).toEqual(spec);
    expect(sourceList(spec).map((s) => s.type)).toEqual(['url', 'url', 'huggingface']);
    expect(sourceOrigins(spec)).toEqual(['https://github.com', 'https://models.example.org', 'https://hf-mirror.com']);
    // A Hub repo without an endpoint comes from the Hub in the settings.
    expect(sourceOrigins({ type: 'huggingface', repo_id: 'a/b', revision: 'main' }, 'http://127.0.0.1:8090/')).toEqual(['http://127.0.0.1:8090']);
  });

  it('names the field that is wrong', () => {
    expect(sourceError('not json')).toMatch(/not JSON/);
    expect(sourceError('{"model_source": {"type": "ftp"}}')).toMatch(/type must be/);
    expect(sourceError('{"model_source": {"type": "huggingface", "repo_id": "no-slash"}}')).toMatch(/repo_id must look like owner\/name/);
    expect(sourceError('{"model_source": {"type": "url", "url": "http://example.org/m.zip"}}')).toMatch(/url must be an https/);
    expect(sourceError('{"model_source": {"type": "url", "url": "https://e.org/m.zip", "sha256": "abc"}}')).toMatch(/sha256/);
    expect(sourceError('{"model_source": {"type": "url", "url": "https://e.org/m.zip", "backup": "x"}}')).toMatch(/backup must be a list/);
  });

  it('allows plain http only on this machine, and never credentials in the address', () => {
    expect(archiveUrl('http://127.0.0.1:8090/files/m.zip')).toBe('http://127.0.0.1:8090/files/m.zip');
    expect(archiveUrl('http://models.example.org/m.zip')).toBeNull();
    expect(archiveUrl('https://user:secret@example.org/m.zip')).toBeNull();
  });

  it('names an archive without a repo id after its file', () => {
    expect(sourceRepoId({ type: 'url', url: 'https://e.org/v1/Whisper%20Base.tar.gz' })).toBe('imported/Whisper-Base');
    expect(sourceRepoId({ type: 'url', url: 'https://e.org/m.zip', repo_id: 'a/b' })).toBe('a/b');
    expect(sourceRepoId({ type: 'url', url: 'https://github.com/o/r/releases/download/v1.0/model-manifest.json' })).toBe('imported/v1.0');
  });
});
