/**
 * The slot a two-way set-associative cache fills on a miss in the set starting at `first`
 * (slots `first` and `first + 1`): an empty way if there is one, else the way other than the
 * one filled last, which `turn` (one entry per set) remembers and this call updates. Two-way,
 * not direct-mapped, so that two keys sharing a set do not evict each other on every use.
 */
export function missSlot(filled: readonly unknown[], turn: Uint8Array, first: number): number {
  const slot =
    filled[first] === undefined
      ? first
      : filled[first + 1] === undefined
        ? first + 1
        : first + (turn[first >> 1] as number);
  turn[first >> 1] = slot === first ? 1 : 0;
  return slot;
}
