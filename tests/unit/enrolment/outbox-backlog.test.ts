import type { Fact, FactRepository } from '../../../server/modules/enrolment/fact.repository';
import type { LearningEvent } from '../../../server/modules/enrolment/learning-event';
import { createOutbox } from '../../../server/modules/enrolment/outbox';

/** The outbox's backlog (shown on /readyz): queued facts plus running deliveries, 0 once idle. */
describe('outbox backlog', () => {
  const fact = (id: string) => ({ _id: id, delivered: false, event: { id } }) as unknown as Fact;

  it('counts what waits for delivery and returns to 0 when delivered', async () => {
    const recorded: string[] = [];
    const marked: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const facts = {
      markDelivered: async (ids: readonly string[]) => {
        marked.push(...ids);
      },
    } as unknown as FactRepository;
    const sink = {
      record: async (events: readonly LearningEvent[]) => {
        await gate;
        recorded.push(...events.map((e) => e.id));
      },
    };
    const outbox = createOutbox(
      facts,
      sink,
      { beforeRecord: async () => {}, confirm: async () => true },
      (err) => {
        throw err;
      },
    );
    expect(outbox.backlog()).toBe(0);
    outbox.deliverLater([fact('a'), fact('b')]);
    outbox.deliverLater([fact('c')]);
    // One delivery running (it took the first batch, a and b), c still queued.
    expect(outbox.backlog()).toBe(2);
    release();
    await outbox.idle();
    expect(outbox.backlog()).toBe(0);
    expect(recorded.sort()).toEqual(['a', 'b', 'c']);
    expect(marked.sort()).toEqual(['a', 'b', 'c']);
  });
});
