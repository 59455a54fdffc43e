/** Driving the holder app (/me/) from outside, the way a person taps it. */
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
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

/** A PNG screenshot as RGBA pixels. */
export function pngPixels(png: Buffer): Frame {
  const image = PNG.sync.read(png);
  return { data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), width: image.width, height: image.height };
}
