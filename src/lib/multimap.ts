/** Appends `value` to the list under `key`, starting the list when the key is new. */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The items grouped by a key, each group in the items' order. */
export function multimap<K, V>(items: Iterable<V>, keyOf: (item: V) => K): Map<K, V[]> {
  const map = new Map<K, V[]>();
  for (const item of items) appendTo(map, keyOf(item), item);
  return map;
}
