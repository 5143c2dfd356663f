import { TINY_DRAFTER_DIR, TINY_TARGET_DIR } from '../../../scripts/fixtures/paths.ts';
import { nodeFolderSource } from '../../../scripts/lib/node-folder-source.ts';
import type { DemoSources } from '../demo-models.ts';

/** The demo pair read from the fixture folders on disk, as the worker reads them from /models/. */
export function fixtureDemoSources(): DemoSources {
  return { target: nodeFolderSource(TINY_TARGET_DIR), drafter: nodeFolderSource(TINY_DRAFTER_DIR) };
}
