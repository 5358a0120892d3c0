// The time zones a person picks from. ICU (and so Node and Chromium) still lists some zones
// by their old names (Asia/Calcutta); people look for today's (Asia/Kolkata). Both are valid
// IANA names, so either may be stored; lists show today's.

/** Old ICU names → the names the tz database uses now. */
export const MODERN_ZONE_NAMES: Readonly<Record<string, string>> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Kiev': 'Europe/Kyiv',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Godthab': 'America/Nuuk',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Africa/Asmera': 'Africa/Asmara',
  'Asia/Dacca': 'Asia/Dhaka',
  'Asia/Thimbu': 'Asia/Thimphu',
  'Asia/Ulan_Bator': 'Asia/Ulaanbaatar',
};

/** Every zone by today's name, sorted; `also` (the user's own) is always in it. */
export function zoneChoices(also?: string): string[] {
  const names = Intl.supportedValuesOf('timeZone').map((z) => MODERN_ZONE_NAMES[z] ?? z);
  if (also) names.push(also);
  return [...new Set(names)].sort();
}
