/**
 * The pinned stripe SDK's request parameters, per endpoint, read at test time: each resource's
 * `.js` file says which HTTP method and path a method calls, its `.d.ts` file says the method's
 * `*Params` type, and the TypeScript compiler API walks that type's properties.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/** One parameter the SDK can send: its path of keys (`-1` for an array element). */
export interface SdkParam {
  keys: (string | -1)[];
  /** The SDK's type allows an object here (so nested parameters exist). */
  children: SdkParam[];
}

/** An endpoint of the SDK with its parameter tree. */
export interface SdkEndpoint {
  method: string;
  /** `/v1/customers/:id` — every path capture is `:id`. */
  path: string;
  paramsType: string;
  params: SdkParam[];
}

const require = createRequire(import.meta.url);
/** The installed stripe package's folder (its `exports` hide `package.json`). */
function packageRoot(): string {
  let dir = path.dirname(require.resolve('stripe'));
  while (path.basename(dir) !== 'stripe') dir = path.dirname(dir);
  return dir;
}
const stripeRoot = packageRoot();
const resourcesDir = path.join(stripeRoot, 'esm', 'resources');

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? files(path.join(dir, e.name), ext)
      : e.name.endsWith(ext)
        ? [path.join(dir, e.name)]
        : [],
  );
}

const CALL =
  /^ {4}(\w+)\([^)]*\)\s*\{\s*return this\._makeRequest\('(GET|POST|DELETE)',\s*[`']([^`']+)[`']/gm;

/** `method name → {method, path}` for each resource file, from its `.js`. */
function calls(): Map<string, Map<string, { method: string; path: string }>> {
  const out = new Map<string, Map<string, { method: string; path: string }>>();
  for (const file of files(resourcesDir, '.js')) {
    const byName = new Map<string, { method: string; path: string }>();
    for (const m of readFileSync(file, 'utf8').matchAll(CALL)) {
      byName.set(m[1]!, {
        method: m[2]!,
        path: m[3]!.replace(/\$\{encodeURIComponent\(\w+\)\}/g, ':id'),
      });
    }
    if (byName.size) out.set(file.replace(/\.js$/, '.d.ts'), byName);
  }
  return out;
}

function objectParts(checker: ts.TypeChecker, type: ts.Type): ts.Type[] {
  const parts = type.isUnion() ? type.types : [type];
  const out: ts.Type[] = [];
  for (const part of parts) {
    if (part.flags & (ts.TypeFlags.Primitive | ts.TypeFlags.Literal)) continue;
    if (checker.isArrayType(part)) {
      const [element] = checker.getTypeArguments(part as ts.TypeReference);
      if (element) out.push(...objectParts(checker, element).map(() => part));
      continue;
    }
    if (checker.getIndexInfosOfType(part).length) continue; // Metadata-like maps
    if (checker.getPropertiesOfType(part).length) out.push(part);
  }
  return out;
}

function walk(
  checker: ts.TypeChecker,
  type: ts.Type,
  keys: (string | -1)[],
  depth: number,
): SdkParam[] {
  return checker.getPropertiesOfType(type).map((symbol) => {
    const propType = checker.getNonNullableType(checker.getTypeOfSymbol(symbol));
    const own = [...keys, symbol.name];
    const children: SdkParam[] = [];
    if (depth < 4) {
      for (const part of objectParts(checker, propType)) {
        if (checker.isArrayType(part)) {
          const [element] = checker.getTypeArguments(part as ts.TypeReference);
          for (const el of objectParts(checker, element!))
            children.push(...walk(checker, el, [...own, -1], depth + 1));
        } else {
          children.push(...walk(checker, part, own, depth + 1));
        }
      }
    }
    const seen = new Set<string>();
    return {
      keys: own,
      children: children.filter((c) => {
        const k = c.keys.join('.');
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      }),
    };
  });
}

/** Every SDK endpoint whose `METHOD path` is in `wanted`, with its parameters. */
export function sdkEndpoints(wanted: Set<string>): SdkEndpoint[] {
  const byFile = calls();
  const relevant = [...byFile].filter(([, byName]) =>
    [...byName.values()].some((c) => wanted.has(`${c.method} ${c.path}`)),
  );
  const program = ts.createProgram(
    relevant.map(([file]) => file),
    { noEmit: true, skipLibCheck: true, types: [] },
  );
  const checker = program.getTypeChecker();
  const out: SdkEndpoint[] = [];
  for (const [file, byName] of relevant) {
    const source = program.getSourceFile(file);
    if (!source) continue;
    source.forEachChild((node) => {
      if (!ts.isClassDeclaration(node)) return;
      for (const member of node.members) {
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
        const call = byName.get(member.name.text);
        if (!call || !wanted.has(`${call.method} ${call.path}`)) continue;
        const param = member.parameters.find((p) => p.name.getText(source) === 'params');
        if (!param?.type) continue;
        const type = checker.getNonNullableType(checker.getTypeAtLocation(param.type));
        out.push({
          ...call,
          paramsType: param.type.getText(source),
          params: walk(checker, type, [], 0),
        });
      }
    });
  }
  return out;
}
