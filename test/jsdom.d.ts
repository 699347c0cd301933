// The little of jsdom's API the export tests use. Declared here instead of installing @types/jsdom:
// tslab type-checks every package under node_modules/@types at each kernel start, and @types/jsdom
// (with the types it pulls in) made every lesson's kernel start about 0.15 s slower.
declare module "jsdom" {
  export class JSDOM {
    constructor(
      html?: string,
      options?: { runScripts?: "dangerously" | "outside-only"; url?: string; pretendToBeVisual?: boolean },
    );
    readonly window: Window & typeof globalThis;
  }
}
