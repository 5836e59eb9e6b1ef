import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANSWER_COLUMNS,
  answersCsv,
  answersJsonl,
  preferencesJsonl,
  readAnswerRows,
} from "@/lib/admin/export";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

let db: TestDatabase;

const PARAGRAPH = Array.from(
  { length: 12 },
  (_, i) =>
    `Sentence ${i + 1} of a long paragraph, with commas, "quotes", and a semicolon; ` +
    `it keeps going so the cell is well over a thousand characters.`,
).join(" ");

/** Text that breaks naive CSV writers and readers. */
const TRICKY = {
  comma: "warm, bright, lively",
  quotes: 'she said "hello" and ""twice""',
  newlines: "line one\nline two\r\nline three\rline four",
  tab: "before\tafter",
  unicode: "naïve café — 日本語の応答 ✓ 😀",
  paragraph: PARAGRAPH,
  formula: '=HYPERLINK("http://example.invalid","click")',
  plus: "+1 (555) 0100",
  minus: "-2+3",
  at: "@SUM(A1:A2)",
};
/** What a spreadsheet would run as a formula: these cells get a leading '. */
const FORMULAS = [TRICKY.formula, TRICKY.plus, TRICKY.minus, TRICKY.at];

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = "";
  for await (const chunk of chunks) out += chunk;
  return out;
}

async function seed() {
  const prisma = db.prisma;
  const prompt = await prisma.prompt.create({
    data: { worldKey: "test", index: 0, text: `Prompt, with "all" of it:\n${TRICKY.unicode}` },
  });
  const response = (text: string, n: number) =>
    prisma.response.create({ data: { promptId: prompt.id, text, tokens: [n, n, n] } });
  const responses = {
    comma: await response(TRICKY.comma, 0),
    quotes: await response(TRICKY.quotes, 1),
    newlines: await response(TRICKY.newlines, 2),
    tab: await response(TRICKY.tab, 3),
    unicode: await response(TRICKY.unicode, 4),
    paragraph: await response(TRICKY.paragraph, 5),
  };
  const annotators = await Promise.all(
    ["ann-a", "ann-b", "ann-c"].map((displayName) =>
      prisma.annotator.create({ data: { kind: "HUMAN", displayName } }),
    ),
  );
  const comparison = (left: number, right: number, score = 0.25) =>
    prisma.comparison.create({
      data: {
        promptId: prompt.id,
        leftResponseId: left,
        rightResponseId: right,
        annotatorId: annotators[0].id,
        policy: "passive",
        acquisitionScore: score,
        modelVersion: 3,
      },
    });
  let key = 0;
  const answer = (
    comparisonId: string,
    annotator: number,
    outcome: "LEFT" | "RIGHT" | "TIE" | "SKIP",
    reason?: string,
  ) =>
    prisma.answer.create({
      data: {
        comparisonId,
        annotatorId: annotators[annotator].id,
        outcome,
        reason,
        latencyMs: 1000 + key,
        idempotencyKey: `key-${key++}`,
      },
    });

  // One comparison answered by three people: three lines in the per-answer export.
  const shared = await comparison(responses.comma.id, responses.quotes.id, -0.5);
  await answer(shared.id, 0, "LEFT", TRICKY.newlines);
  await answer(shared.id, 1, "LEFT", TRICKY.paragraph);
  await answer(shared.id, 2, "TIE", TRICKY.formula);

  // The same pair in the other order, chosen the same way: still unanimous.
  const swapped = await comparison(responses.quotes.id, responses.comma.id);
  await answer(swapped.id, 1, "RIGHT", TRICKY.tab);

  // A split decision: two people prefer different responses.
  const split = await comparison(responses.newlines.id, responses.tab.id);
  await answer(split.id, 0, "LEFT", TRICKY.unicode);
  const splitAgain = await comparison(responses.newlines.id, responses.tab.id);
  await answer(splitAgain.id, 1, "RIGHT", TRICKY.comma);

  // Only a tie and a skip: nothing to learn which is better.
  const undecided = await comparison(responses.unicode.id, responses.paragraph.id);
  await answer(undecided.id, 0, "TIE", TRICKY.plus);
  await answer(undecided.id, 1, "SKIP", TRICKY.quotes);

  // One choice and one tie: the choice stands.
  const leaning = await comparison(responses.paragraph.id, responses.tab.id);
  await answer(leaning.id, 2, "RIGHT", TRICKY.minus);
  await answer(leaning.id, 0, "TIE", TRICKY.at);

  return { prompt, responses };
}

let seeded: Awaited<ReturnType<typeof seed>>;

beforeAll(async () => {
  db = await createTestDatabase();
  seeded = await seed();
});

afterAll(async () => {
  await db?.drop();
});

/** What the database says each answer's exported text fields must be. */
async function expectedRows() {
  const answers = await db.prisma.answer.findMany({
    orderBy: { id: "asc" },
    include: {
      comparison: { include: { prompt: true, leftResponse: true, rightResponse: true } },
    },
  });
  return answers.map((a) => ({
    answer_id: a.id,
    prompt: a.comparison.prompt.text,
    left_response: a.comparison.leftResponse.text,
    right_response: a.comparison.rightResponse.text,
    reason: a.reason,
    comparison_id: a.comparisonId,
    outcome: a.outcome,
  }));
}

describe("per-answer export", () => {
  it("round-trips every text unchanged through JSON Lines, one line per answer", async () => {
    const jsonl = await text(answersJsonl(readAnswerRows(db.prisma, 2)));
    const lines = jsonl.trimEnd().split("\n");
    const rows = lines.map((line) => JSON.parse(line));
    const expected = await expectedRows();

    expect(rows).toHaveLength(expected.length);
    expect(Object.keys(rows[0])).toEqual([...ANSWER_COLUMNS]);
    rows.forEach((row, i) => expect(row).toMatchObject(expected[i]));
    expect(rows.map((r) => r.reason)).toEqual(expect.arrayContaining(FORMULAS));
  });

  it("round-trips every text through CSV (parsed by csv-parse), one record per answer", async () => {
    const csv = await text(answersCsv(readAnswerRows(db.prisma, 2)));
    const records: Record<string, string>[] = parse(csv, { columns: true });
    const expected = await expectedRows();

    expect(records).toHaveLength(expected.length);
    expect(Object.keys(records[0])).toEqual([...ANSWER_COLUMNS]);
    records.forEach((record, i) => {
      const row = expected[i];
      expect(record.answer_id).toBe(String(row.answer_id));
      expect(record.prompt).toBe(row.prompt);
      expect(record.left_response).toBe(row.left_response);
      expect(record.right_response).toBe(row.right_response);
      expect(record.outcome).toBe(row.outcome);
      // A formula is defused with a leading quote; every other text is unchanged.
      const reason = FORMULAS.includes(row.reason ?? "") ? `'${row.reason}` : (row.reason ?? "");
      expect(record.reason).toBe(reason);
    });
  });

  it("gives three answers to one comparison three lines, and keeps negative numbers numeric", async () => {
    const csv = await text(answersCsv(readAnswerRows(db.prisma)));
    const records: Record<string, string>[] = parse(csv, { columns: true });
    const shared = records.filter((r) => r.reason === TRICKY.newlines)[0].comparison_id;

    const lines = records.filter((r) => r.comparison_id === shared);

    expect(lines).toHaveLength(3);
    expect(new Set(lines.map((r) => r.annotator_id)).size).toBe(3);
    expect(lines.map((r) => r.acquisition_score)).toEqual(["-0.5", "-0.5", "-0.5"]);
    expect(lines[0].chosen_response_id).toBe(String(seeded.responses.comma.id));
    expect(lines[2].chosen_response_id).toBe("");
  });

  it("writes just the header when there are no answers yet", async () => {
    const empty = (async function* () {})();

    expect(await text(answersCsv(empty))).toBe(`${ANSWER_COLUMNS.join(",")}\n`);
  });
});

describe("preference file", () => {
  it("has one {prompt, chosen, rejected} line per unanimous pair, leaving out ties, skips and split decisions", async () => {
    const jsonl = await text(preferencesJsonl(db.prisma));
    const lines = jsonl
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));

    expect(lines).toEqual([
      { prompt: seeded.prompt.text, chosen: TRICKY.comma, rejected: TRICKY.quotes },
      { prompt: seeded.prompt.text, chosen: TRICKY.tab, rejected: TRICKY.paragraph },
    ]);
  });

  // Last in the file: it adds a simulated annotator's answer.
  it("takes people's answers, the simulated annotators' or both", async () => {
    const prisma = db.prisma;
    const robot = await prisma.annotator.create({
      data: { kind: "SIMULATED", displayName: "sim-1", simulatedType: "majority" },
    });
    const comparison = await prisma.comparison.create({
      data: {
        promptId: seeded.prompt.id,
        leftResponseId: seeded.responses.unicode.id,
        rightResponseId: seeded.responses.newlines.id,
        annotatorId: robot.id,
        policy: "passive",
        acquisitionScore: 0,
        modelVersion: 3,
      },
    });
    await prisma.answer.create({
      data: {
        comparisonId: comparison.id,
        annotatorId: robot.id,
        outcome: "LEFT",
        latencyMs: 0,
        idempotencyKey: "sim-key-1",
      },
    });
    const chosen = async (annotators?: "all" | "human" | "simulated") =>
      (await text(preferencesJsonl(prisma, annotators ? { annotators } : {})))
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line).chosen);

    const robots = [TRICKY.unicode];
    const people = [TRICKY.comma, TRICKY.tab];
    expect(await chosen("simulated")).toEqual(robots);
    expect(await chosen("human")).toEqual(people);
    expect(await chosen("all")).toEqual([...people, ...robots]);
    expect(await chosen()).toEqual([...people, ...robots]);
  });
});
