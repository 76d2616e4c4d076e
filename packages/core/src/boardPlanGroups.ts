import type { PlanItem, PlanLink } from './draftPlan';
import { suggestionSimilarity } from './draftPlanSimilarity';

/**
 * The draft plan's groups as the board's clusters make them ([VP3]): each cluster (its card ids, the
 * plan's item ids) is one group, led by its first card still in the plan; items the facilitator
 * ungrouped stand alone. Returns the groups and the items no cluster holds (rows written after the
 * board was built), which the plan groups by similarity as before. Without this a vote for a merged
 * cluster counted for each similarity group holding one of its cards, once per group.
 */
export function planGroupsFromClusters(
  items: readonly PlanItem[],
  clusters: ReadonlyArray<readonly string[]>,
  textOf: (item: PlanItem) => string,
  ungrouped: ReadonlySet<string>,
): { groups: Array<{ items: PlanItem[]; links: PlanLink[] }>; rest: PlanItem[] } {
  const byId = new Map(items.map((it) => [it.id, it]));
  const used = new Set<string>();
  const groups: Array<{ items: PlanItem[]; links: PlanLink[] }> = [];
  for (const ids of clusters) {
    const members: PlanItem[] = [];
    for (const id of ids) {
      const it = byId.get(id);
      if (!it || used.has(id)) continue;
      used.add(id);
      if (ungrouped.has(id)) groups.push({ items: [it], links: [] });
      else members.push(it);
    }
    const leader = members[0];
    if (!leader) continue;
    const links = members.slice(1).map((it) => ({ a: leader.id, b: it.id, similarity: Math.round(suggestionSimilarity(textOf(leader), textOf(it)) * 100) / 100 }));
    groups.push({ items: members, links });
  }
  return { groups, rest: items.filter((it) => !used.has(it.id)) };
}
