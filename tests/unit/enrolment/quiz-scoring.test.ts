import { answerIssues, scoreAttempt } from '../../../server/modules/enrolment/quiz.scoring';

const questions = [
  {
    key: 'one',
    type: 'single' as const,
    prompt: { en: '?' },
    feedback: {},
    options: [
      { key: 'a', text: { en: 'A' }, correct: true },
      { key: 'b', text: { en: 'B' }, correct: false },
    ],
  },
  {
    key: 'many',
    type: 'multiple' as const,
    prompt: { en: '?' },
    feedback: {},
    options: [
      { key: 'x', text: { en: 'X' }, correct: true },
      { key: 'y', text: { en: 'Y' }, correct: true },
      { key: 'z', text: { en: 'Z' }, correct: false },
    ],
  },
];

describe('quiz scoring', () => {
  it('scores exact answers only, unanswered questions as wrong', () => {
    expect(
      scoreAttempt(questions, [
        { question: 'one', options: ['a'] },
        { question: 'many', options: ['x', 'y'] },
      ]).score,
    ).toBe(100);
    expect(
      scoreAttempt(questions, [
        { question: 'one', options: ['a'] },
        { question: 'many', options: ['x'] },
      ]).score,
    ).toBe(50);
    expect(scoreAttempt(questions, [{ question: 'many', options: ['y', 'x'] }]).score).toBe(50);
    expect(scoreAttempt(questions, []).score).toBe(0);
  });

  it('reports unknown questions and options, duplicates and several options on a single-choice question', () => {
    const issues = answerIssues(questions, [
      { question: 'nope', options: ['a'] },
      { question: 'one', options: ['a', 'b'] },
      { question: 'many', options: ['x', 'w'] },
      { question: 'many', options: ['x'] },
    ]);
    expect(issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['unknown_question', 'answers.0.question'],
      ['single_choice_only', 'answers.1.options'],
      ['unknown_option', 'answers.2.options.1'],
      ['duplicate_answer', 'answers.3.question'],
    ]);
    expect(answerIssues(questions, [{ question: 'one', options: ['b'] }])).toEqual([]);
  });
});
