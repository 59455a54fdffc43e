/** Driving the holder app (/me/) from outside, the way a person taps it. */
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { parseCodeBytes, parseQrText } from '../../../src/core/index.ts';
import type { Frame } from '../../fixtures/frames.ts';

export interface ApplyAnswers {
  name: string;
  idType?: string;
  idNumber: string;
  /** Codes as the picker offers them: [province, city, district], or [municipality, district]. */
  region: number[];
  phone?: string;
  symptoms?: boolean;
  travel?: boolean;
  contact?: boolean;
  /** For a family member: the relation to choose. */
  relation?: string;
}

/** Fills and sends the apply form (the app must be on the apply screen). */
export async function fillApplication(page: Page, answers: ApplyAnswers): Promise<void> {
  if (answers.relation) await page.locator('#f-relation').selectOption(answers.relation);
  await page.locator('#f-name').fill(answers.name);
  if (answers.idType) await page.locator('#f-idtype').selectOption(answers.idType);
  await page.locator('#f-idnumber').fill(answers.idNumber);
  const steps = ['#f-region-province', '#f-region-city', '#f-region-district'];
  for (const [i, code] of answers.region.entries()) await page.locator(steps[i]!).selectOption(String(code));
  if (answers.phone) await page.locator('#f-phone').fill(answers.phone);
  for (const q of ['symptoms', 'travel', 'contact'] as const) {
    await page.locator(`[data-question="${q}"] input[value="${answers[q] ? 'yes' : 'no'}"]`).check();
  }
  await page.locator('[data-submit]').click();
}

/** The QR element's text once drawn. */
export async function qrText(page: Page, nth = 0): Promise<string> {
  const qr = page.locator('canvas[data-qr-text]').nth(nth);
  await qr.waitFor();
  return (await qr.getAttribute('data-qr-text'))!;
}

/** Asks the code screen for a new presentation now (the app re-signs when it becomes visible). */
export async function resign(page: Page): Promise<void> {
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
}

/** The presentation time (Unix s) of a holder-bound code's text. */
export function presentedAt(text: string): number {
  const parsed = parseQrText(text);
  const code = parsed.ok ? parseCodeBytes(parsed.bytes) : null;
  if (!code?.ok || !code.code.proof) throw new Error('not a holder-bound code');
  return code.code.proof.ts;
}

/**
 * Has the code screen draw its next presentation after `text` and returns it. The presentation
 * time is in whole seconds and Ed25519 signatures are deterministic, so a re-sign within the
 * same second draws the same text: that second passes first.
 */
export async function nextPresentation(page: Page, text: string): Promise<string> {
  const ts = presentedAt(text);
  while (Math.floor(Date.now() / 1000) <= ts) await new Promise((resolve) => setTimeout(resolve, 50));
  await resign(page);
  await page.waitForFunction((old) => document.querySelector('canvas[data-qr-text]')?.getAttribute('data-qr-text') !== old, text, {
    timeout: 5000,
  });
  return qrText(page);
}

/** A PNG screenshot as RGBA pixels. */
export function pngPixels(png: Buffer): Frame {
  const image = PNG.sync.read(png);
  return {
    data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
    width: image.width,
    height: image.height,
  };
}
