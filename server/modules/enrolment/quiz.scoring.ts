import type { FieldIssue } from '../../shared/errors';
import type { Question } from '../catalog/course.schemas';

/** The learner's answer to one question: the option keys they chose. */
export interface Answer {
  readonly question: string;
  readonly options: readonly string[];
}

/** The result of scoring one attempt. */
export interface ScoredAttempt {
  /** 0–100, rounded down. */
  readonly score: number;
  readonly results: readonly { question: Question; correct: boolean }[];
}

/**
 * Checks that answers name only questions and options of the quiz (and one option for a
 * single-choice question); returns the issues for a 400, empty when the answers are well-formed.
 */
export function answerIssues(questions: readonly Question[], answers: readonly Answer[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const byKey = new Map(questions.map((q) => [q.key, q]));
  const seen = new Set<string>();
  answers.forEach((answer, i) => {
    const question = byKey.get(answer.question);
    const at = (...path: (string | number)[]) => ['answers', i, ...path];
    if (!question) {
      issues.push(issue(at('question'), 'unknown_question', { value: answer.question }));
      return;
    }
    if (seen.has(answer.question))
      issues.push(issue(at('question'), 'duplicate_answer', { value: answer.question }));
    seen.add(answer.question);
    const known = new Set(question.options.map((o) => o.key));
    answer.options.forEach((key, j) => {
      if (!known.has(key)) issues.push(issue(at('options', j), 'unknown_option', { value: key }));
    });
    if (question.type === 'single' && answer.options.length > 1)
      issues.push(issue(at('options'), 'single_choice_only', {}));
  });
  return issues;
}

/** Scores answers (already checked by answerIssues): a question counts when exactly right. */
export function scoreAttempt(questions: readonly Question[], answers: readonly Answer[]): ScoredAttempt {
  const chosen = new Map(answers.map((a) => [a.question, new Set(a.options)]));
  const results = questions.map((question) => {
    const picked = chosen.get(question.key) ?? new Set<string>();
    const correct = question.options.every((o) => o.correct === picked.has(o.key));
    return { question, correct };
  });
  const right = results.filter((r) => r.correct).length;
  return { score: questions.length === 0 ? 0 : Math.floor((right * 100) / questions.length), results };
}

function issue(path: (string | number)[], code: string, params: Record<string, unknown>): FieldIssue {
  return { in: 'body', path, code, params };
}
