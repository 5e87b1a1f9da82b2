// Pseudonyms shown to classmates on leaderboards ("Blue Heron 17"): stable per course and person,
// unrelated across courses, and readable aloud. Derived, never stored: FNV-1a of course and user id
// picks a colour, a bird and a number; the server resolves the rare clash within a course.

const COLOURS = [
  "Amber",
  "Azure",
  "Blue",
  "Bronze",
  "Copper",
  "Coral",
  "Crimson",
  "Cyan",
  "Gold",
  "Green",
  "Grey",
  "Indigo",
  "Ivory",
  "Jade",
  "Lavender",
  "Lilac",
  "Lime",
  "Magenta",
  "Maroon",
  "Mint",
  "Navy",
  "Ochre",
  "Olive",
  "Orange",
  "Pearl",
  "Pink",
  "Plum",
  "Purple",
  "Red",
  "Rose",
  "Ruby",
  "Rust",
  "Saffron",
  "Sage",
  "Scarlet",
  "Silver",
  "Slate",
  "Tan",
  "Teal",
  "Violet",
  "White",
  "Yellow",
] as const;

const BIRDS = [
  "Albatross",
  "Avocet",
  "Bittern",
  "Bunting",
  "Buzzard",
  "Crane",
  "Curlew",
  "Dipper",
  "Dove",
  "Dunlin",
  "Eagle",
  "Egret",
  "Falcon",
  "Finch",
  "Flamingo",
  "Gannet",
  "Godwit",
  "Goldcrest",
  "Grebe",
  "Harrier",
  "Heron",
  "Hoopoe",
  "Ibis",
  "Jay",
  "Kestrel",
  "Kingfisher",
  "Kite",
  "Lapwing",
  "Lark",
  "Magpie",
  "Martin",
  "Merlin",
  "Nightjar",
  "Nuthatch",
  "Oriole",
  "Osprey",
  "Owl",
  "Pelican",
  "Petrel",
  "Pipit",
  "Plover",
  "Puffin",
  "Raven",
  "Redstart",
  "Robin",
  "Sandpiper",
  "Shrike",
  "Siskin",
  "Skylark",
  "Sparrow",
  "Starling",
  "Stork",
  "Swallow",
  "Swift",
  "Tern",
  "Thrush",
  "Wagtail",
  "Warbler",
  "Waxwing",
  "Wren",
] as const;

/** 32-bit FNV-1a: tiny, isomorphic and well spread for short ids (not a secret: ids are not public). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The pseudonym of `userId` in `courseId`; `attempt` > 0 gives another when two people share one. */
export function pseudonym(courseId: string, userId: string, attempt = 0): string {
  const hash = fnv1a(`${courseId}:${userId}:${attempt}`);
  const colour = COLOURS[hash % COLOURS.length];
  const bird = BIRDS[Math.floor(hash / COLOURS.length) % BIRDS.length];
  const number = 1 + (Math.floor(hash / (COLOURS.length * BIRDS.length)) % 99);
  return `${colour} ${bird} ${number}`;
}

/**
 * Pseudonyms for a course's members, given in the order they joined: an earlier member keeps theirs
 * and a later one with the same takes the next attempt, so nobody's name changes as the class grows.
 */
export function coursePseudonyms(courseId: string, userIdsInJoinOrder: readonly string[]): Map<string, string> {
  const taken = new Set<string>();
  const result = new Map<string, string>();
  for (const userId of userIdsInJoinOrder) {
    let attempt = 0;
    let name = pseudonym(courseId, userId);
    while (taken.has(name)) name = pseudonym(courseId, userId, ++attempt);
    taken.add(name);
    result.set(userId, name);
  }
  return result;
}
