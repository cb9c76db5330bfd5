// Reads Kubernetes manifests from files (any tool's output: cdk8s synth, helm template,
// kubectl get -o yaml/json) into SourcedObjects for ClusterModel.fromSourced.
// Bad input never throws and never stops other files: it becomes a LoadError a person reads.
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isNode, isSeq, LineCounter, parse as parseYaml } from 'yaml';
import { SourcedObject } from './cluster-model';
import { DOCUMENT_ROOT, recordSource, SourceText } from './field-lines';
import { renderValue } from './findings';
import { describeProblem, inspectValue, MAX_DOCUMENTS, MAX_EXPANDED_VALUES, MAX_FILE_BYTES, MAX_INPUT_BYTES, MAX_NESTING_DEPTH } from './input';
import { at, JsonMap } from './json';
import { readFastDocuments } from './yaml-fast';
import { documentValue, KUBECTL_YAML, readYamlDocuments } from './yaml-read';

export { KUBECTL_YAML } from './yaml-read';
export { MAX_EXPANDED_VALUES } from './input';

/** A file or document that could not be read as Kubernetes objects. */
export interface LoadError {
  /** The file (or directory) as the user named it. */
  file: string;
  /** 1-based line the problem is at, when known. */
  line?: number;
  /** What is wrong and, where it helps, what to do. One line. */
  message: string;
}

/** What `loadManifestFiles` read. */
export interface LoadResult {
  /** Every object read, in file order then document order (List items flattened). */
  objects: SourcedObject[];
  /** Every problem met, in the same order. */
  errors: LoadError[];
  /** The files read (or tried), sorted as they were read. */
  files: string[];
  /**
   * Files a directory walk found but did not read as manifests, each with why: JSON or YAML whose
   * documents have neither apiVersion nor kind (cdk8s' construct-metadata.json, a Helm values.yaml).
   */
  skipped: Array<{ file: string; reason: string }>;
}

/** The file name of manifests read from standard input (the path `-`). */
export const STDIN = '<stdin>';

/** Why a directory walk skipped a file (LoadResult.skipped). */
const NOT_A_MANIFEST = 'not a Kubernetes manifest: no document has apiVersion or kind';

/**
 * The file names kustomize reads as a kustomization (sigs.k8s.io/kustomize/api konfig
 * RecognizedKustomizationFileNames). A directory walk skips them: the kustomization lists the
 * other files, it is no object kubectl applies (`kubectl apply -f` on it fails with "no matches
 * for kind Kustomization").
 */
const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml']);
const KUSTOMIZATION = 'a kustomize kustomization, not a manifest (verify reads the files it lists; '
  + 'for its patches and generators, verify the output of `kubectl kustomize`)';

/**
 * The fields of a kustomization that leave the objects of its resources as their files show
 * them, for the rules: only lists of what to read, annotations, images and generated ConfigMaps
 * and Secrets (sigs.k8s.io/kustomize/api types Kustomization). Every other field changes them
 * before they are applied: patches (a patch file is a fragment, not an object: a Deployment
 * patch has no selector), `labels`/`commonLabels` (added to selectors and pod templates alike),
 * `namespace`, `namePrefix`/`nameSuffix`, `replacements`, `components`, `helmCharts` (objects no
 * file shows). A directory whose kustomization uses one is not read: its files are not what the
 * cluster gets.
 */
const KUSTOMIZATION_KEEPS = new Set([
  'apiVersion', 'kind', 'metadata', 'resources', 'bases', 'commonAnnotations', 'images',
  'configMapGenerator', 'secretGenerator', 'generatorOptions', 'buildMetadata', 'sortOptions',
]);

/** How the reason of a directory skipped for its kustomization begins. */
const KUSTOMIZED = 'a kustomization that changes its resources before they are applied';

/** A kustomization larger than this is not parsed (and its directory not read). */
const MAX_KUSTOMIZATION_BYTES = 1024 * 1024;

/**
 * The fields of the kustomization in `dir` that change its resources (KUSTOMIZATION_KEEPS), or
 * undefined when the directory has no kustomization or one that only lists its resources.
 */
function kustomizationChanges(dir: string, names: string[]): { file: string; changes: string[]; patches: string[] } | undefined {
  const name = names.find((n) => KUSTOMIZATION_FILES.has(n));
  if (name === undefined) return undefined;
  const file = path.join(dir, name);
  let value: unknown;
  try {
    if (fs.statSync(file).size > MAX_KUSTOMIZATION_BYTES) return { file, changes: ['too large to read'], patches: [] };
    value = parseYaml(fs.readFileSync(file, 'utf8'), { ...KUBECTL_YAML, maxAliasCount: 100 });
  } catch {
    return { file, changes: ['unreadable YAML'], patches: [] };
  }
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return { file, changes: ['not a mapping'], patches: [] };
  const k = value as Record<string, unknown>;
  const changes = Object.keys(k).filter((key) => !KUSTOMIZATION_KEEPS.has(key));
  if (changes.length === 0) return undefined;
  // The patch files it names, wherever they are (`overlays/deployment.yaml`): fragments, never read.
  const patches: string[] = [];
  for (const key of ['patches', 'patchesStrategicMerge', 'patchesJson6902']) {
    const list = k[key];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const ref = typeof entry === 'string' ? entry : entry && typeof entry === 'object' ? (entry as { path?: unknown }).path : undefined;
      // A string with a line break is an inline patch, not a file name.
      if (typeof ref === 'string' && ref !== '' && !ref.includes('\n')) patches.push(path.resolve(dir, ref));
    }
  }
  return { file, changes, patches };
}

/** File endings read when a directory is given. */
export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** JSON that is a Kubernetes object, a List or an array of objects (unparsable JSON counts: it is reported). */
function looksLikeManifestJson(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return true;
  }
  if (Array.isArray(value)) return value.every((v) => !!v && typeof v === 'object' && 'kind' in v);
  return !!value && typeof value === 'object' && ('kind' in value || 'apiVersion' in value);
}

/** Directory entries skipped while walking a directory (never an explicitly named path). */
function skippedEntry(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/** Where a YAML node starts in the text, or undefined (no node: JSON read without one, or js-yaml). */
function startOf(node: unknown): number | undefined {
  return isNode(node) ? node.range?.[0] : undefined;
}

function errnoMessage(error: unknown): string {
  const err = error as NodeJS.ErrnoException | undefined;
  switch (err?.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ELOOP': return 'too many symbolic links';
    default: return String(err?.message ?? err).split('\n')[0];
  }
}

/**
 * Reads manifests from files and directories. A directory is walked recursively for
 * `.yaml`, `.yml` and `.json` files (hidden entries and `node_modules` are skipped; so are
 * kustomization files and files with no apiVersion or kind, listed in `skipped`),
 * in sorted order so output is stable. A file named explicitly is read whatever its ending.
 * The path `-` reads standard input (as YAML), named `<stdin>` in results.
 */
export function loadManifestFiles(paths: string[]): LoadResult {
  const result: LoadResult = { objects: [], errors: [], files: [], skipped: [] };
  const seen = new Set<string>();
  const patchFiles = new Map<string, string>(); // a kustomize patch file (resolved) -> its kustomization
  let total = 0; // bytes read so far, bounded by MAX_INPUT_BYTES
  const add = (loaded: { objects: SourcedObject[]; errors: LoadError[] }) => {
    // One push per item: a spread of 100,000 arguments overflows the stack.
    for (const o of loaded.objects) result.objects.push(o);
    for (const e of loaded.errors) result.errors.push(e);
  };
  /** Counts `size` more bytes against MAX_INPUT_BYTES; false (and an error) when over. */
  const budget = (file: string, size: number): boolean => {
    if (total + size > MAX_INPUT_BYTES) {
      result.errors.push({
        file,
        message: `not read: the files given hold more than ${megabytes(MAX_INPUT_BYTES)} together, the most one run reads; check the app in parts (one folder or chart at a time)`,
      });
      return false;
    }
    total += size;
    return true;
  };
  const readFile = (file: string, foundByWalk = false): boolean => {
    const key = path.resolve(file);
    if (seen.has(key)) return false;
    seen.add(key);
    let text: string;
    try {
      const size = fs.statSync(file).size;
      if (size > MAX_FILE_BYTES) {
        result.files.push(file);
        result.errors.push({ file, message: tooLarge(size) });
        return true;
      }
      if (!budget(file, size)) {
        result.files.push(file);
        return true;
      }
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      result.files.push(file);
      result.errors.push({ file, message: `cannot read file: ${errnoMessage(err)}` });
      return true;
    }
    // A directory of synth output also holds JSON and YAML that is not a manifest (cdk8s'
    // construct-metadata.json, a harness' expectations.json, a chart's values.yaml): skip it, and
    // say so, when the walk found it; a file named explicitly is read, and reported, as it is.
    const patchOf = foundByWalk ? patchFiles.get(key) : undefined;
    if (patchOf !== undefined) {
      result.skipped.push({ file, reason: `a kustomize patch (named in ${patchOf}), a fragment of an object, not one; verify what the kustomization builds: kubectl kustomize ${path.dirname(patchOf)} | npx cdk8s-services verify -` });
      return false;
    }
    if (foundByWalk && KUSTOMIZATION_FILES.has(path.basename(file))) {
      result.skipped.push({ file, reason: KUSTOMIZATION });
      return false;
    }
    if (foundByWalk && path.extname(file).toLowerCase() === '.json' && !looksLikeManifestJson(text)) {
      result.skipped.push({ file, reason: NOT_A_MANIFEST });
      return false;
    }
    const loaded = loadManifestText(text, file);
    if (foundByWalk && loaded.notManifest) {
      result.skipped.push({ file, reason: NOT_A_MANIFEST });
      return false;
    }
    result.files.push(file);
    add(loaded);
    return true;
  };
  const walk = (dir: string, visited: Set<string>): number => {
    let real: string;
    let entries: fs.Dirent[];
    try {
      real = fs.realpathSync(dir);
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      result.errors.push({ file: dir, message: `cannot read directory: ${errnoMessage(err)}` });
      return 0;
    }
    if (visited.has(real)) return 0; // a symlink loop
    visited.add(real);
    let count = 0;
    const names = entries.map((e) => e.name).filter((n) => !skippedEntry(n)).sort();
    // A kustomize directory whose kustomization changes its files: its own files are not read
    // (subdirectories are walked: an overlay's base has its own kustomization).
    const kustomized = kustomizationChanges(dir, names);
    for (const patch of kustomized?.patches ?? []) patchFiles.set(patch, kustomized!.file);
    if (kustomized) {
      const files = names.filter((n) => MANIFEST_EXTENSIONS.includes(path.extname(n).toLowerCase()) && !KUSTOMIZATION_FILES.has(n));
      result.skipped.push({
        file: kustomized.file,
        reason: `${KUSTOMIZED} (${kustomized.changes.join(', ')})`
          + (files.length > 0 ? `, so the ${files.length} other file${files.length === 1 ? '' : 's'} of its directory ${files.length === 1 ? 'was' : 'were'} not read` : '')
          + `; verify what it builds: kubectl kustomize ${dir} | npx cdk8s-services verify -`,
      });
    }
    for (const name of names) {
      const full = path.join(dir, name);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(full);
      } catch (err) {
        result.errors.push({ file: full, message: `cannot read: ${errnoMessage(err)}` });
        continue;
      }
      if (stat.isDirectory()) {
        count += walk(full, visited);
      } else if (!kustomized && stat.isFile() && MANIFEST_EXTENSIONS.includes(path.extname(name).toLowerCase())) {
        if (readFile(full, true)) count++;
      }
    }
    return count;
  };
  for (const p of paths) {
    if (p === '-') {
      // `helm template . | cdk8s-services verify -`
      if (seen.has(STDIN)) continue;
      seen.add(STDIN);
      let text: string;
      try {
        const read = readBounded(0, MAX_FILE_BYTES);
        if (read === undefined) {
          result.files.push(STDIN);
          result.errors.push({ file: STDIN, message: tooLarge(MAX_FILE_BYTES + 1).replace(/^is [^,]*, more than/, 'is more than') });
          continue;
        }
        text = read;
      } catch (err) {
        result.errors.push({ file: STDIN, message: `cannot read standard input: ${errnoMessage(err)}` });
        continue;
      }
      result.files.push(STDIN);
      if (!budget(STDIN, text.length)) continue;
      const loaded = loadManifestText(text, STDIN);
      add(loaded);
      // Like a folder with no manifest in it: nothing to check is an input error (issue 14), so a
      // pipeline whose first command printed nothing does not pass with "0 objects".
      if (loaded.objects.length === 0 && loaded.errors.length === 0) {
        result.errors.push({ file: STDIN, message: 'standard input holds no Kubernetes object (did the command before the pipe print anything?)' });
      }
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (err) {
      result.errors.push({ file: p, message: `cannot read: ${errnoMessage(err)}` });
      continue;
    }
    if (stat.isDirectory()) {
      const objectsBefore = result.objects.length;
      const errorsBefore = result.errors.length;
      const skippedBefore = result.skipped.length;
      const count = walk(p, new Set());
      // Like empty standard input: a folder with nothing to check is an input error (issue 14).
      if (count === 0 && result.errors.length === errorsBefore) {
        const skippedHere = result.skipped.slice(skippedBefore);
        const kustomizedDirs = skippedHere.filter((sk) => sk.reason.startsWith(KUSTOMIZED)).map((sk) => path.dirname(sk.file));
        const kustomized = kustomizedDirs.length;
        const skipped = skippedHere.length - kustomized;
        result.errors.push({
          file: p,
          message: kustomized > 0
            ? `this directory holds no Kubernetes object outside its kustomize director${kustomized === 1 ? 'y' : 'ies'}, whose files kustomize changes before they are applied: `
              + `verify what kustomize builds, e.g. kubectl kustomize ${kustomizedDirs[0]} | npx cdk8s-services verify -`
            : `this directory holds no Kubernetes object (${skipped > 0 ? `${skipped} file${skipped === 1 ? '' : 's'} skipped, not manifests; ` : ''}`
              + `no ${MANIFEST_EXTENSIONS.join(', ')} file with one: did the synth run?)`,
        });
      } else if (result.objects.length === objectsBefore && result.errors.length === errorsBefore) {
        result.errors.push({ file: p, message: 'this directory holds no Kubernetes object (its files are empty: did the synth run?)' });
      }
    } else {
      readFile(p);
    }
  }
  return result;
}

/**
 * For a command run as a whole (`verify`): files named explicitly that together hold no object and
 * no error are an input error each, as empty standard input and an empty folder are (issue 14). A
 * single empty file among others is not (cdk8s writes an empty file for an empty chart).
 */
export function nothingToCheck(loaded: LoadResult): LoadError[] {
  if (loaded.objects.length > 0 || loaded.errors.length > 0) return [];
  return loaded.files.map((file) => ({ file, message: 'this file holds no Kubernetes object (it is empty or holds only comments)' }));
}

/**
 * Reads the Kubernetes objects in one YAML or JSON text: multi-document YAML (`---`),
 * a `kind: List` (items are flattened), or JSON (a `.json` file, or text that starts with
 * `{` or `[` in a file with no YAML ending): one object, a List or an array of objects.
 * Empty and comment-only documents are skipped. Each object records its file, 1-based line
 * and 0-based document index.
 */
export function loadManifestText(
  text: string, file: string = '<input>', options: { fast?: boolean } = {},
): { objects: SourcedObject[]; errors: LoadError[]; notManifest?: boolean } {
  const objects: SourcedObject[] = [];
  let fastRoot = false; // objects being added are document roots read by yaml-fast.ts
  const errors: LoadError[] = [];
  let headerless = 0; // YAML documents that are mappings with neither apiVersion nor kind
  text = text.replace(/^\uFEFF/, ''); // a byte-order mark (Windows editors); JSON.parse rejects it
  // `.json` files, and JSON piped in (`kubectl get svc -o json | cdk8s-services verify -`).
  const ext = path.extname(file).toLowerCase();
  const isJson = ext === '.json' || (ext !== '.yaml' && ext !== '.yml' && /^\s*[{[]/.test(text));
  const lineCounter = new LineCounter();
  const sourceText = new SourceText(text, isJson); // where findings look up their field's line
  const lineOf = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);

  const addTop = (value: unknown, node: unknown, line: number | undefined, document: number) => {
    if (value === null || value === undefined) return; // e.g. a lone `~`
    if (Array.isArray(value)) {
      if (!isJson) {
        errors.push({
          file,
          line,
          message: `document ${document + 1} is a list, not a Kubernetes object; separate objects with \`---\` or wrap them in \`kind: List\` with \`items:\``,
        });
        return;
      }
      value.forEach((item, i) => addObject(item, isSeq(node) ? node.items[i] : undefined, line, document, `item ${i} of the array`));
      return;
    }
    if (!isJson && typeof value === 'object' && !('apiVersion' in value) && !('kind' in value)) headerless++;
    addObject(value, node, line, document, isJson ? 'the file' : `document ${document + 1}`);
  };

  if (text.length > MAX_FILE_BYTES) {
    errors.push({ file, message: tooLarge(text.length) });
    return { objects, errors };
  }
  if (isJson) {
    // JSON semantics (no trailing commas, no comments) and JSON's own error positions;
    // the YAML parser is used only to find each object's line.
    if (text.trim() === '') return { objects, errors };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const message = String((err as Error)?.message ?? err);
      const m = / at position (\d+)/.exec(message);
      const offset = m ? Number(m[1]) : text.length;
      const before = text.slice(0, offset).split('\n');
      const what = message.replace(/ in JSON at position \d+.*$/, '').replace(/ at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
      errors.push({ file, line: before.length, message: `JSON syntax error at column ${before[before.length - 1].length + 1}: ${what}` });
      return { objects, errors };
    }
    const problem = inspectValue(value);
    if (problem) {
      errors.push({ file, line: 1, message: describeProblem('the file', problem) });
      return { objects, errors };
    }
    let node: unknown;
    try {
      const [first] = readYamlDocuments(text, lineCounter, true, 1);
      if (first && !first.tooDeep && first.doc.errors.length === 0) node = first.doc.contents;
    } catch {
      node = undefined; // lines are a nicety: objects are still read, at line 1
    }
    addTop(value, node, lineOf(startOf(node)) ?? 1, 0);
    return { objects, errors };
  }

  // Plain YAML (no aliases, tags, merge keys, complex keys) is read with js-yaml, ten times
  // faster on large streams, to the same values (src/model/yaml-fast.ts); anything else, and any
  // text it does not read cleanly, by yaml-read.ts below, which reports the errors.
  const fast = options.fast === false ? undefined : readFastDocuments(text);
  if (fast && fast.length <= MAX_DOCUMENTS && fast.every((d) => isFastObject(d.value))) {
    fastRoot = true;
    fast.forEach((d, document) => {
      if (d.value === null || d.value === undefined) return; // empty or comment-only
      addDocument(d.value, undefined, d.line, document);
    });
    fastRoot = false;
    if (objects.length === 0 && headerless > 0 && errors.length === headerless) return { objects, errors, notManifest: true };
    return { objects, errors };
  }

  let docs: ReturnType<typeof readYamlDocuments>;
  try {
    // kubectl reads YAML with go-yaml v2, a YAML 1.1 parser (`yes` is a boolean there), with
    // timestamps and base-60 numbers kept as strings (KUBECTL_YAML, src/model/yaml-read.ts).
    docs = readYamlDocuments(text, lineCounter, false, MAX_DOCUMENTS);
  } catch (err) {
    errors.push({ file, message: `cannot parse: ${errnoMessage(err)}` });
    return { objects, errors };
  }
  if (docs.length > MAX_DOCUMENTS) {
    errors.push({
      file,
      message: `holds more than ${MAX_DOCUMENTS.toLocaleString('en-US')} YAML documents, the most one file may hold: split it into several files`,
    });
    return { objects, errors };
  }

  docs.forEach(({ doc, tooDeep }, document) => {
    const docLine = lineOf(doc.contents?.range?.[0] ?? doc.range?.[0]);
    const which = `document ${document + 1}`;
    if (tooDeep) {
      errors.push({ file, line: lineOf(tooDeep.offset), message: `${which} ${tooDeepMessage()}` });
      return;
    }
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const pos = e.linePos?.[0] ?? (e.pos ? lineCounter.linePos(e.pos[0]) : undefined);
        const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        errors.push({
          file,
          line: pos?.line,
          message: `YAML syntax error${pos ? ` at column ${pos.col}` : ''}: ${what}${document > 0 ? ` (document ${document + 1})` : ''}`,
        });
      }
      return; // the rest of this document cannot be trusted; other documents still are read
    }
    if (doc.contents === null || doc.contents === undefined) return; // empty or comment-only
    const read = documentValue(doc);
    if ('problem' in read) {
      const pos = read.problem.offset !== undefined ? lineCounter.linePos(read.problem.offset) : undefined;
      const syntax = /^Map keys must be unique/.test(read.problem.message);
      errors.push({
        file,
        line: pos?.line ?? docLine,
        message: syntax
          ? `YAML syntax error${pos ? ` at column ${pos.col}` : ''}: ${read.problem.message}${document > 0 ? ` (document ${document + 1})` : ''}`
          : `cannot read ${which}: ${read.problem.message}`,
      });
      return;
    }
    addDocument(read.value, doc.contents, docLine, document);
  });
  // Every document is a mapping without apiVersion and kind (a Helm values.yaml): not a manifest
  // at all, which a directory walk skips as it skips such JSON (notManifest, set only then).
  if (objects.length === 0 && headerless > 0 && errors.length === headerless) return { objects, errors, notManifest: true };
  return { objects, errors };

  /**
   * One document's value: bounded, then its object (or its List's objects) added. Read by
   * yaml-fast.ts (`fastRoot`), it has no alias, so no cycle, and is less than 256 levels deep
   * (MAX_FAST_DEPTH): inspectValue would find nothing.
   */
  function addDocument(value: unknown, node: unknown, docLine: number | undefined, document: number) {
    const which = `document ${document + 1}`;
    // An alias is one shared JS object here, but every later copy (the model's defaulting, JSON
    // for cdk8s or the harness) writes it out again: bound what the aliases expand to.
    // Read by yaml-fast.ts, a document has no alias (yaml-fast.ts reads no text with one): nothing expands.
    const expanded = fastRoot ? 0 : expandedSize(value, MAX_EXPANDED_VALUES);
    if (expanded > MAX_EXPANDED_VALUES) {
      errors.push({
        file,
        line: docLine,
        message: `${which} expands to more than ${MAX_EXPANDED_VALUES.toLocaleString('en-US')} values through its YAML aliases (*name), `
          + 'as an alias bomb does; kubectl\'s decoder refuses such documents too (go-yaml v2 decode.go allowedAliasRatio). Write the values out, or use fewer aliases',
      });
      return;
    }
    // Aliases can nest deeper than the text does (an alias to a deep node inside a deep node).
    const problem = fastRoot ? undefined : inspectValue(value);
    if (problem) {
      errors.push({ file, line: docLine, message: describeProblem(which, problem) });
      return;
    }
    addTop(value, node, docLine, document);
  }

  function addObject(item: unknown, node: unknown, fallbackLine: number | undefined, document: number, what: string) {
    const line = lineOf(startOf(node)) ?? fallbackLine;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      errors.push({ file, line, message: `${what} is ${describe(item)}, not a Kubernetes object (a mapping with apiVersion and kind)` });
      return;
    }
    const value = item as JsonMap;
    const wrongType = ['apiVersion', 'kind'].find((k) => value[k] !== undefined && value[k] !== null && typeof value[k] !== 'string');
    if (wrongType) {
      errors.push({ file, line, message: `${what} has ${wrongType} ${renderValue(value[wrongType])}, which is not a string; write it as e.g. \`${wrongType === 'kind' ? 'kind: Service' : 'apiVersion: v1'}\`` });
      return;
    }
    const missing = ['apiVersion', 'kind'].filter((k) => typeof value[k] !== 'string' || value[k] === '');
    if (missing.length > 0) {
      const mdName = at(value, 'metadata', 'name');
      const name = mdName ? ` (metadata.name ${JSON.stringify(mdName)})` : '';
      errors.push({
        file,
        line,
        message: `${what}${name} has no ${missing.join(' and no ')}; every Kubernetes object needs both, e.g. \`apiVersion: v1\` and \`kind: Service\``,
      });
      return;
    }
    const kind = value.kind as string; // a non-empty string: checked above
    if (/List$/.test(kind) && value.items !== undefined && value.items !== null && !Array.isArray(value.items)) {
      errors.push({
        file,
        line,
        message: `${what} is a ${kind} whose items are ${describe(value.items)}; write \`items:\` as a list of objects, e.g. \`items: [{ apiVersion: v1, kind: Service, ... }]\``,
      });
      return;
    }
    if (kind === 'List' && (value.items === undefined || value.items === null)) return; // an empty List holds no object
    if (/List$/.test(kind) && Array.isArray(value.items)) {
      // kubectl's `List` (and typed lists such as `ServiceList`): the items are the objects.
      const itemsNode = isMap(node) ? node.get('items', true) : undefined;
      value.items.forEach((entry: unknown, i: number) => {
        addObject(entry, isSeq(itemsNode) ? itemsNode.items[i] : undefined, line, document, `${kind} item ${i}`);
      });
      return;
    }
    // Read by yaml-fast.ts, a document is a map whose root is the object (isFastObject).
    recordSource(value, sourceText, document, startOf(node) ?? (fastRoot ? DOCUMENT_ROOT : undefined));
    // Bounded: addDocument checked its document's limits (or yaml-fast.ts read it), so the model need not.
    objects.push({ object: value, source: { file, line, document }, bounded: true });
  }
}

/**
 * Whether a document read by yaml-fast.ts can be added as it is: empty, or a map that is not a
 * List (a List's items need their own source lines, which yaml-read.ts finds).
 */
function isFastObject(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== 'object' || Array.isArray(value)) return false;
  const kind = (value as { kind?: unknown }).kind;
  return !(typeof kind === 'string' && /List$/.test(kind));
}

/**
 * Reads a file descriptor (standard input) to its end as UTF-8, or undefined as soon as it holds
 * more than `limit` bytes (so `cat /dev/zero | verify -` ends). A pipe with no data yet (EAGAIN)
 * is waited for. @internal
 */
export function readBounded(fd: number, limit: number): string | undefined {
  const chunks: Buffer[] = [];
  let size = 0;
  const buf = Buffer.alloc(65536);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, buf, 0, buf.length, null);
    } catch (error) {
      const err = error as NodeJS.ErrnoException | undefined;
      if (err?.code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (err?.code === 'EOF') break;
      throw err;
    }
    if (n === 0) break;
    size += n;
    if (size > limit) return undefined;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The error of a file or text over MAX_FILE_BYTES. */
function tooLarge(size: number): string {
  return `is ${megabytes(size)}, more than the ${megabytes(MAX_FILE_BYTES)} one manifest file may be (the API server refuses a request body over 3 MiB): split it into several files`;
}

function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
}

function tooDeepMessage(): string {
  return `nests more than ${MAX_NESTING_DEPTH} levels of maps and lists; no Kubernetes object is this deep (a CRD schema stays under 60): flatten it`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  return `a ${typeof value}`;
}

/**
 * How many values `value` is when every shared object (a YAML alias) is counted as often as it is
 * used, stopping once past `limit`. Each distinct object is walked once (its size is kept), so
 * this is linear in the parsed document, not in its expansion; no recursion (deep documents).
 */
export function expandedSize(value: unknown, limit: number): number {
  const sizes = new Map<object, number>();
  // Post-order without recursion: a frame is [object, its children, next child index, sum so far].
  type Frame = { o: object; kids: unknown[]; i: number; sum: number };
  const open = new Set<object>();
  const kidsOf = (o: object): unknown[] => (Array.isArray(o) ? o : Object.values(o));
  if (value === null || typeof value !== 'object') return 1;
  const stack: Frame[] = [{ o: value, kids: kidsOf(value), i: 0, sum: 1 }];
  open.add(value);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.sum > limit) return top.sum;
    if (top.i < top.kids.length) {
      const k = top.kids[top.i++];
      if (k === null || typeof k !== 'object') {
        top.sum += 1;
      } else if (sizes.has(k)) {
        top.sum += sizes.get(k)!;
      } else if (open.has(k)) {
        top.sum += 1; // a cycle (a YAML alias to its own ancestor): counted once
      } else {
        open.add(k);
        stack.push({ o: k, kids: kidsOf(k), i: 0, sum: 1 });
      }
      continue;
    }
    stack.pop();
    open.delete(top.o);
    sizes.set(top.o, top.sum);
    if (stack.length === 0) return top.sum;
    stack[stack.length - 1].sum += top.sum;
  }
  return 0;
}
