import { basename, dirname, extname } from 'node:path';
import type { OwnSecret } from './fix-settings';
import { nameWords } from './text';

/**
 * The names a `fix` run gives the scripts' own secrets, file by file in path order. One secret (one
 * literal value, in memory only) has one name in every file of the run, so that copies of a script
 * read one setting. A different secret whose proposed name (`PWORD`) an earlier file or a name read
 * elsewhere took is named after its own file (`PWORD_DEPLOY`, then `PWORD_B_DEPLOY`, then numbered),
 * not after how many files came before it: its name does not move as files are added to the run.
 */
export class OwnSecretNames {
  private readonly byValue = new Map<string, string>();

  /** `used`: the names files of the run or outside it read already, which no other secret may take. */
  constructor(private readonly used: Set<string>) {}

  /** The naming of one file's secrets; `keep` the names its fix wrote, which later files see. */
  forFile(path: string): { name: (secret: OwnSecret) => string; keep: (written: readonly string[]) => void } {
    const inFile = new Map<string, string>();
    const name = ({ value, proposed, taken }: OwnSecret): string => {
      const earlier = inFile.get(value) ?? this.byValue.get(value);
      // Another file's name for the value, unless this file reads that name for something else already.
      if (earlier && (inFile.has(value) || !taken.has(earlier))) return remember(value, earlier);
      const free = (candidate: string): boolean => !taken.has(candidate) && !this.used.has(candidate) && ![...inFile.values()].includes(candidate);
      return remember(value, nameApart(proposed, path, free));
    };
    const remember = (value: string, chosen: string): string => {
      inFile.set(value, chosen);
      return chosen;
    };
    const keep = (written: readonly string[]): void => {
      for (const [value, chosen] of inFile) {
        if (!written.includes(chosen)) continue;
        if (!this.byValue.has(value)) this.byValue.set(value, chosen);
        this.used.add(chosen);
      }
    };
    return { name, keep };
  }
}

/** `proposed` if free, else followed by the file's name, then its folder's and file's, then a number. */
function nameApart(proposed: string, path: string, free: (name: string) => boolean): string {
  if (free(proposed)) return proposed;
  const [file, folder] = [nameOf(basename(path, extname(path))), nameOf(basename(dirname(path)))];
  const candidates = [file, folder && file ? `${folder}_${file}` : ''].filter(Boolean).map((suffix) => `${proposed}_${suffix}`);
  const found = candidates.find(free);
  if (found) return found;
  const last = candidates.at(-1) ?? proposed;
  let n = 2;
  while (!free(`${last}_${n}`)) n++;
  return `${last}_${n}`;
}

function nameOf(part: string): string {
  return nameWords(part).join('_').toUpperCase();
}
