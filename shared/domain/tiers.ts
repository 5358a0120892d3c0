// How close a contact is (DOMAIN.md, "concentric circles"): the tiers, most influential first.
export const TIERS = ['sponsor', 'mentor', 'working', 'peer', 'weak_tie'] as const;
export type Tier = (typeof TIERS)[number];

/** A tier as a person writes it: "Mentor", "weak tie", "weak-tie", "weak". */
export function parseTier(text: string): Tier | undefined {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  const tier = word === 'weak' ? 'weak_tie' : word;
  return (TIERS as readonly string[]).includes(tier) ? (tier as Tier) : undefined;
}
