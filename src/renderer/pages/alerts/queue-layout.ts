import type { AlertGroup } from '../../../shared/domain/alert-queue';

/**
 * Where each line of the grouped queue sits, in px: a header per group, then its alerts, with a
 * gap between groups. The virtualizer sees one flat list of items (a group's header item carries
 * the gap above it); the page draws each group as a card around its items. Before the first group
 * of another site than the person's own, the gap is the divider's height, and the divider sits in it.
 */
export interface QueueLayout {
  /** Per item: its group, and the alert it shows (null for the group's header). */
  readonly itemGroup: readonly number[];
  readonly itemAlert: readonly (string | null)[];
  /** Per item: its top and its height, gap included. */
  readonly itemStart: readonly number[];
  readonly itemSize: readonly number[];
  /** Per group: its card's top (after the gap) and height. */
  readonly groupTop: readonly number[];
  readonly groupHeight: readonly number[];
  readonly itemOfAlert: ReadonlyMap<string, number>;
  readonly total: number;
  /** The divider before the other sites' groups: its top, or null when none is set apart. Its height is `dividerPx`. */
  readonly dividerTop: number | null;
}

export interface LayoutSizes {
  headerPx: number;
  rowPx: number;
  gapPx: number;
  dividerPx: number;
}

export function layoutQueue(
  groups: readonly AlertGroup[],
  firstOtherGroup: number | null,
  { headerPx, rowPx, gapPx, dividerPx }: LayoutSizes,
): QueueLayout {
  const itemGroup: number[] = [];
  const itemAlert: (string | null)[] = [];
  const itemStart: number[] = [];
  const itemSize: number[] = [];
  const groupTop: number[] = [];
  const groupHeight: number[] = [];
  const itemOfAlert = new Map<string, number>();
  let offset = 0;
  let dividerTop: number | null = null;
  groups.forEach((group, index) => {
    const gap = index === firstOtherGroup ? dividerPx : index === 0 ? 0 : gapPx;
    if (index === firstOtherGroup) dividerTop = offset;
    itemGroup.push(index);
    itemAlert.push(null);
    itemStart.push(offset);
    itemSize.push(gap + headerPx);
    offset += gap;
    groupTop.push(offset);
    offset += headerPx;
    for (const id of group.alertIds) {
      itemOfAlert.set(id, itemGroup.length);
      itemGroup.push(index);
      itemAlert.push(id);
      itemStart.push(offset);
      itemSize.push(rowPx);
      offset += rowPx;
    }
    groupHeight.push(offset - (groupTop[index] ?? 0));
  });
  return { itemGroup, itemAlert, itemStart, itemSize, groupTop, groupHeight, itemOfAlert, total: offset, dividerTop };
}
