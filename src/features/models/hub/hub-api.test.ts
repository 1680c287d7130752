/**
 * The Hub API client against the project's real local Hub (tools/hub), over HTTP: which server's
 * checksums count, pages of a long tree, and where the token goes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../../../tools/hub/server.mjs';
import { makeRoot, REPO_ID } from '../../../../tools/hub/test-fixtures.mjs';
import { ModelsError } from '../errors';
import { fetchRepoSnapshot, listedRepos } from './hub-api';
import { authorizer } from './sources';

let fixture: Awaited<ReturnType<typeof makeRoot>>;
const hubs: Hub[] = [];
async function hub(options: Parameters<typeof startHub>[0] = {}): Promise<Hub> {
  const started = await startHub({ roots: [fixture.root], ...options });
  hubs.push(started);
  return started;
}
const base = (h: Hub) => `${h.url}/`;
const noToken = { authorize: () => ({}) };

beforeAll(async () => {
  fixture = await makeRoot();
});
afterAll(async () => {
  await Promise.all(hubs.map((h) => h.close()));
  await fixture.cleanup();
});

describe('fetchRepoSnapshot', () => {
  it('takes the commit and checksums from the first source that has the repo, and says which', async () => {
    const empty = await startHub({ roots: [] });
    hubs.push(empty);
    const full = await hub();
    const snapshot = await fetchRepoSnapshot([base(empty), base(full)], REPO_ID, 'main', noToken);
    expect(snapshot.hashesFrom).toBe(base(full));
    expect(snapshot.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(snapshot.tree.filter((e) => e.type === 'file').map((e) => e.path).sort()).toEqual(['config.json', 'onnx/encoder_model.onnx', 'tokenizer.json']);
  });

  it('follows the pages of a long tree on the same server', async () => {
    const paged = await hub({ treePageSize: 1 });
    const snapshot = await fetchRepoSnapshot([base(paged)], REPO_ID, 'main', noToken);
    expect(snapshot.tree.length).toBeGreaterThanOrEqual(4); // three files and the onnx folder
    expect(paged.log().filter((e) => e.path.includes('/tree/')).length).toBe(snapshot.tree.length);
  });

  it('does not follow a next page on another origin', async () => {
    const elsewhere = await hub();
    const pointing = await hub({ treePageSize: 1, treeNextOrigin: elsewhere.url });
    const failure = await fetchRepoSnapshot([base(pointing)], REPO_ID, 'main', noToken).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ModelsError);
    expect((failure as ModelsError).info.detail).toContain('another host');
    expect(elsewhere.log()).toEqual([]);
  });

  it('reports a repo no source has as not found (the Hub answers 401 RepoNotFound to anonymous callers)', async () => {
    const empty = await startHub({ roots: [] });
    hubs.push(empty);
    const failure = await fetchRepoSnapshot([base(empty)], 'nobody/nothing', 'main', noToken).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ModelsError);
    expect((failure as ModelsError).info).toEqual({ code: 'not-found', detail: 'HTTP 401 RepoNotFound' });
    expect(empty.log().map((e) => e.status)).toEqual([401]);
  });

  it('sends the token only to the origins allowed to receive it', async () => {
    const trusted = await startHub({ roots: [] }); // answers "not found", so the next source is asked
    const other = await hub();
    hubs.push(trusted);
    const authorize = authorizer('hf_secret', new Set([new URL(trusted.url).origin]));
    await fetchRepoSnapshot([base(trusted), base(other)], REPO_ID, 'main', { authorize });
    expect(trusted.log().length).toBeGreaterThan(0);
    expect(trusted.log().every((e) => e.authorization)).toBe(true);
    expect(other.log().length).toBeGreaterThan(0);
    expect(other.log().some((e) => e.authorization)).toBe(false);
  });
});

describe('listedRepos', () => {
  it('tells the repos a server has from those it could not answer for, and leaves out the rest', async () => {
    const flaky = await hub();
    flaky.setFaults([{ match: '/api/models/other/flaky', kind: 'status', status: 503 }]);
    const listing = await listedRepos(base(flaky), [REPO_ID, 'other/flaky', 'other/missing'], noToken);
    expect(listing).toEqual({ present: new Set([REPO_ID]), unsure: new Set(['other/flaky']) });
  });

  it('knows nothing (null) when the server answers for none', async () => {
    const down = await hub();
    down.setFaults([{ match: '/api/models', kind: 'status', status: 502 }]);
    expect(await listedRepos(base(down), [REPO_ID, 'other/missing'], noToken)).toBeNull();
  });
});
