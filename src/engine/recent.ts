/**
 * Puts `key` last in a map kept in order of use, and drops the least recently used entries beyond
 * `capacity` (what the engine keeps of the files being edited). Returns the dropped values.
 */
export function keepRecent<K, V>(map: Map<K, V>, key: K, value: V, capacity: number): V[] {
  map.delete(key);
  map.set(key, value);
  const dropped: V[] = [];
  for (const [oldest, old] of map) {
    if (map.size <= capacity) break;
    map.delete(oldest);
    dropped.push(old);
  }
  return dropped;
}
