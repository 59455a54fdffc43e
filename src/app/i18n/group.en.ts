/** English strings of the group verdict (spread into en.ts). */
export const groupEn = {
  'group.title': 'Group of {count}',
  'group.headline.admit': 'Everyone in the group may enter.',
  'group.headline.refer': 'Someone in the group needs your supervisor: the whole group waits.',
  'group.headline.refuse': 'Someone in the group may not enter: the whole group waits. See each person below.',
  'group.members': 'People in this group',
  'group.colour.green': 'Green code',
  'group.colour.yellow': 'Yellow code',
  'group.colour.red': 'Red code',
  'group.colour.none': 'Code not readable',
  'group.row.repeat': 'already in the log',
  'group.row.notLogged': 'not saved: {error}',
  'group.row.open': 'Details',
  'group.row.openLabel': 'Details for {name}',
  'group.announce': 'Group of {count}: {word}. {headline}',
} as const;
