import { createPacer } from '../../../server/modules/enrolment/background.pacing';

/** Lets pending promise callbacks run (fake timers do not advance on their own). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('background pacing', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs background steps one at a time, without pauses while no request is in flight', async () => {
    const pacer = createPacer(0.25);
    const log: string[] = [];
    let release: () => void = () => {};
    const first = pacer.step(
      () =>
        new Promise<void>((resolve) => {
          log.push('first started');
          release = resolve;
        }),
    );
    const second = pacer.step(async () => {
      log.push('second started');
    });
    await settle();
    expect(log).toEqual(['first started']);
    release();
    await Promise.all([first, second]);
    expect(log).toEqual(['first started', 'second started']);
  });

  it('pauses after a step while a request is in flight, and resumes as soon as none is', async () => {
    const pacer = createPacer(0.25);
    let finishRequest: () => void = () => {};
    const requestDone = pacer.foreground(() => new Promise<void>((resolve) => (finishRequest = resolve)));
    const ran: string[] = [];
    // A step that takes one second: the pause after it is three seconds (25 % share).
    void pacer.step(async () => {
      jest.advanceTimersByTime(1000);
      ran.push('slow');
    });
    const next = pacer.step(async () => {
      ran.push('next');
    });
    await settle();
    jest.advanceTimersByTime(2000);
    await settle();
    expect(ran).toEqual(['slow']);
    finishRequest();
    await requestDone;
    await next;
    expect(ran).toEqual(['slow', 'next']);
  });
});
