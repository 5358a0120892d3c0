// The contacts one event touches (an email, an invitation, a reply command), read once and
// written once: found in one BatchGet, changed in memory as the event goes (last contact,
// a missing name, a tier, the unanswered count), and staged in the event's unit of work as one
// write per contact. A new contact is created with everything it already knows; an existing
// one is changed by one update whose conditions say "as read" for each field it moves. When
// those conditions fail (a concurrent delivery), each change is made by itself instead, with
// the same rules as always: last contact never back, a name never over the user's, the same
// message never counted twice.
import type { Deps } from '../deps.ts';
import { stableId } from '../domain/ids.ts';
import type { Contact, Tier, User } from '../domain/model.ts';
import type { CaptureTags } from '../domain/playbook.ts';
import type { Person } from '../mail/parse.ts';
import { contactKeys, indexAttributes } from '../store/contacts.ts';
import type { UpdateInput } from '../store/table.ts';
import type { WriteUnit } from '../store/unit.ts';
import { newContact, touched } from './people.ts';

type Change =
  | { op: 'touch'; at: string; name?: string | undefined }
  | { op: 'tier'; tier: Tier }
  | { op: 'outbound'; messageId: string; restart: boolean }
  | { op: 'inbound' }
  | { op: 'heard'; at: string }
  | { op: 'program'; programId: string; institution: string | null };

type Draft = {
  /** As read; undefined for a contact this event creates. */
  read: Contact | undefined;
  /** As it will be once the event's writes are made. */
  next: Contact;
  changes: Change[];
};

export class ContactSet {
  private readonly drafts = new Map<string, Draft>();
  private readonly byEmail = new Map<string, string>();

  constructor(
    private readonly user: User,
    private readonly deps: Pick<Deps, 'store' | 'clock'>,
  ) {}

  /** Whether this event creates the contact (so it has no reminders, no history yet). */
  isNew(contactId: string): boolean {
    return this.drafts.get(contactId)?.read === undefined && this.drafts.has(contactId);
  }

  get(contactId: string): Contact | undefined {
    return this.drafts.get(contactId)?.next;
  }

  /**
   * Finds or creates each person's contact, moves last contact forward, fills a missing name
   * and sets a tier from the capture tags. Returns each contact as it will be after that.
   */
  async ensure(
    people: Person[],
    at: { occurredAt: string; tags?: CaptureTags | undefined; touch?: boolean },
  ): Promise<Contact[]> {
    const { userId } = this.user;
    const unknown = [...new Set(people.map((p) => p.email).filter((e) => !this.byEmail.has(e)))];
    if (unknown.length > 0) {
      const found = await this.deps.store.contacts.findManyByEmail(userId, unknown);
      const nowIso = this.deps.clock.now().toISOString();
      unknown.forEach((email, i) => {
        const read = found[i];
        const id = read?.contactId ?? stableId(userId, 'contact', email);
        if (!this.drafts.has(id)) {
          const person = people.find((p) => p.email === email);
          const next = read ?? {
            ...newContact(userId, email, { firstContactAt: at.occurredAt, createdAt: nowIso }),
            name: person?.name ?? null,
            tier: at.tags?.tier ?? null,
          };
          this.drafts.set(id, { read, next, changes: [] });
        }
        this.byEmail.set(email, id);
      });
    }
    return people.map((person) => {
      const draft = this.drafts.get(this.byEmail.get(person.email)!)!;
      // Naming someone as a target or an attending is not contact with them.
      if (at.touch !== false) this.change(draft, { op: 'touch', at: at.occurredAt, name: person.name });
      if (at.tags?.tier && draft.next.tier !== at.tags.tier)
        this.change(draft, { op: 'tier', tier: at.tags.tier });
      return draft.next;
    });
  }

  /** A contact read elsewhere (with a reminder's reads) joins the set as read. */
  adopt(contact: Contact): Contact {
    const draft = this.drafts.get(contact.contactId) ?? { read: contact, next: contact, changes: [] };
    this.drafts.set(contact.contactId, draft);
    this.byEmail.set(contact.email, contact.contactId);
    return draft.next;
  }

  /** Contact with them at `at` (last contact never moves back). */
  touch(contactId: string, at: string): Contact | undefined {
    const draft = this.drafts.get(contactId);
    if (!draft) return undefined;
    this.change(draft, { op: 'touch', at });
    return draft.next;
  }

  /**
   * The user wrote to them once more: one more unanswered email (the same message twice counts
   * once). Writing again to someone who went dormant is a new attempt: the count starts over.
   */
  countOutbound(contactId: string, email: { messageId: string; occurredAt: string }): number {
    const draft = this.drafts.get(contactId)!;
    const { next } = draft;
    if (next.lastOutboundId === email.messageId) return next.unanswered ?? 1;
    const restart = Boolean(next.dormantAfter && next.dormantAfter <= email.occurredAt);
    this.change(draft, { op: 'outbound', messageId: email.messageId, restart });
    return next.unanswered ?? 1;
  }

  /** They answered at `at`: the count starts over, they are not dormant, and they wrote then. */
  recordInbound(contactId: string, at: string): void {
    const draft = this.drafts.get(contactId);
    if (!draft) return;
    this.change(draft, { op: 'inbound' });
    this.heardFrom(contactId, at);
  }

  /** They reached out at `at` (a message, an invitation): never moves back. */
  heardFrom(contactId: string, at: string): void {
    const draft = this.drafts.get(contactId);
    if (draft && (draft.next.lastHeardFromAt ?? '') < at) this.change(draft, { op: 'heard', at });
  }

  /** One of a residency program's people (a program's own mail says so); an empty institution takes the program's. */
  joinProgram(
    contactId: string,
    program: { programId: string; institution: string | null },
  ): Contact | undefined {
    const draft = this.drafts.get(contactId);
    if (!draft) return undefined;
    if (draft.next.programId === program.programId) return draft.next;
    this.change(draft, { op: 'program', programId: program.programId, institution: program.institution });
    return draft.next;
  }

  /** Adds each changed contact's write to the unit, ahead of the writes that refer to it. */
  stage(unit: WriteUnit): void {
    const { store } = this.deps;
    const { userId } = this.user;
    for (const draft of this.drafts.values()) {
      if (draft.changes.length === 0 && draft.read) continue;
      const alone = async () => {
        const contact = draft.read ?? (await store.contacts.create(userId, draft.next));
        for (const change of draft.changes) await this.applyAlone(contact, change);
        return true;
      };
      if (!draft.read) {
        unit.addOptimisticFirst(store.contacts.createWrites(userId, draft.next), alone);
        continue;
      }
      const update = changeUpdate(userId, draft.read, draft.changes);
      if (update) unit.addOptimisticFirst([{ update }], alone);
    }
  }

  private change(draft: Draft, change: Change): void {
    draft.changes.push(change);
    draft.next = applyChange(draft.next, change);
  }

  private async applyAlone(contact: Contact, change: Change): Promise<void> {
    const { contacts } = this.deps.store;
    const { userId } = this.user;
    switch (change.op) {
      case 'touch':
        return contacts.touch(userId, contact.contactId, change.at, change.name);
      case 'tier':
        return contacts.setFields(userId, contact.contactId, { tier: change.tier });
      case 'inbound':
        return contacts.recordInbound(userId, contact.contactId);
      case 'heard':
        return contacts.heardFrom(userId, contact.contactId, change.at);
      case 'outbound':
        if (change.restart) await contacts.recordInbound(userId, contact.contactId);
        await contacts.recordOutbound(userId, contact.contactId, change.messageId);
        return;
      case 'program':
        return contacts.setFields(userId, contact.contactId, { programId: change.programId });
    }
  }
}

/** A contact as a change leaves it (the same rules as the store's own updates). */
function applyChange(contact: Contact, change: Change): Contact {
  switch (change.op) {
    case 'touch':
      return touched(contact, change.at, change.name);
    case 'tier':
      return { ...contact, tier: change.tier };
    case 'program':
      return {
        ...contact,
        programId: change.programId,
        institution: contact.institution ?? change.institution,
      };
    case 'inbound': {
      const { dormantAfter: _d, ...rest } = contact;
      return { ...rest, unanswered: 0 };
    }
    case 'heard':
      return (contact.lastHeardFromAt ?? '') < change.at
        ? { ...contact, lastHeardFromAt: change.at }
        : contact;
    case 'outbound': {
      if (contact.lastOutboundId === change.messageId) return contact;
      const { dormantAfter: _d, ...rest } = contact;
      const base = change.restart ? rest : contact;
      return {
        ...base,
        unanswered: (change.restart ? 0 : (contact.unanswered ?? 0)) + 1,
        lastOutboundId: change.messageId,
      };
    }
  }
}

/** One update for an existing contact's changes, conditioned on each moved field being as read. */
function changeUpdate(userId: string, read: Contact, changes: Change[]): UpdateInput | undefined {
  const set = new Map<string, string>();
  const remove = new Set<string>();
  const conditions = ['attribute_exists(pk)'];
  const values: Record<string, unknown> = {};
  let state = read;
  for (const change of changes) {
    const after = applyChange(state, change);
    if (change.op === 'touch') {
      if (after.lastContactAt !== state.lastContactAt) {
        set.set('lastContactAt', ':at');
        values[':at'] = after.lastContactAt;
      }
      if (after.name !== state.name) {
        set.set('#name', ':name');
        values[':name'] = after.name;
      }
    } else if (change.op === 'tier') {
      set.set('tier', ':tier');
      values[':tier'] = change.tier;
    } else if (change.op === 'program') {
      // The program's mail is the better witness of who its people are: no condition.
      set.set('programId', ':programId');
      values[':programId'] = change.programId;
      if (after.institution !== state.institution) {
        set.set('institution', ':institution');
        values[':institution'] = after.institution;
      }
    } else if (change.op === 'heard') {
      if (after.lastHeardFromAt !== state.lastHeardFromAt) {
        set.set('lastHeardFromAt', ':heard');
        values[':heard'] = after.lastHeardFromAt;
      }
    } else if (change.op === 'inbound' || (change.op === 'outbound' && after !== state)) {
      set.set('unanswered', ':unanswered');
      values[':unanswered'] = after.unanswered;
      if (state.dormantAfter !== undefined && after.dormantAfter === undefined) remove.add('dormantAfter');
      if (change.op === 'outbound') {
        set.set('lastOutboundId', ':outboundId');
        values[':outboundId'] = change.messageId;
      }
    }
    state = after;
  }
  if (set.size === 0 && remove.size === 0) return undefined;
  // The index keys follow lastContactAt and the tier (store/contacts.ts).
  if (set.has('lastContactAt') || set.has('tier')) {
    const index = indexAttributes(userId, state);
    for (const [attribute, value] of Object.entries(index.set)) {
      set.set(attribute, `:ix_${attribute}`);
      values[`:ix_${attribute}`] = value;
    }
    for (const attribute of index.remove) remove.add(attribute);
  }
  // Each field moved only if it is still what this event read.
  const names: Record<string, string> = {};
  const asRead = (field: string, attribute: string, value: unknown) => {
    const placeholder = `:read_${field}`;
    if (value === undefined) conditions.push(`attribute_not_exists(${attribute})`);
    else if (value === null) {
      conditions.push(`(attribute_not_exists(${attribute}) OR ${attribute} = ${placeholder})`);
      values[placeholder] = null;
    } else {
      conditions.push(`${attribute} = ${placeholder}`);
      values[placeholder] = value;
    }
  };
  if (set.has('lastContactAt')) asRead('lastContactAt', 'lastContactAt', read.lastContactAt);
  if (set.has('lastHeardFromAt')) asRead('lastHeardFromAt', 'lastHeardFromAt', read.lastHeardFromAt);
  if (set.has('#name')) {
    names['#name'] = 'name';
    asRead('name', '#name', read.name);
    asRead('nameSetByUser', 'nameSetByUser', read.nameSetByUser);
  }
  if (set.has('unanswered')) {
    asRead('unanswered', 'unanswered', read.unanswered);
    asRead('lastOutboundId', 'lastOutboundId', read.lastOutboundId);
  }
  return {
    Key: contactKeys.contact(userId, read.contactId),
    UpdateExpression: [
      ...(set.size ? [`SET ${[...set].map(([k, v]) => `${k} = ${v}`).join(', ')}`] : []),
      ...(remove.size ? [`REMOVE ${[...remove].join(', ')}`] : []),
    ].join(' '),
    ConditionExpression: conditions.join(' AND '),
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
  };
}
