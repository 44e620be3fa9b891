/**
 * The railroad diagram on the built page (issue 18): drawn from what CPython parsed, with the
 * labels of a named group and a lookahead; pointing at a part outlines its construct in the pattern
 * and marks its explanation row, and pointing at the pattern or the explanation highlights the
 * part; the SVG export is a valid SVG titled with the pattern and the PNG a PNG at twice the size;
 * the panel folds and stays folded after a reload; both themes keep every label at AA contrast; a
 * 2 000-character pattern is drawn in rows and fits the width on request. Fails any test during
 * which the page logs an error. Not tagged
 * @both-modes, so it runs in the isolated projects only (nothing here depends on isolation).
 */
import type { Page } from '@playwright/test';
import { expect, onStockWebKit, test } from './fixtures';
import { BOOT_MS, editor, failOnConsoleErrors, linkTo, open, setText, useTheme } from './helpers';

failOnConsoleErrors();

const figure = (page: Page) => page.getByRole('figure', { name: 'Railroad diagram' });

/** Makes the page's downloads observable: each saved Blob and its file name, nothing saved. */
async function catchDownloads(page: Page): Promise<void> {
  await page.evaluate(() => {
    const saved: { blob: Blob; name: string }[] = [];
    (window as unknown as { saved: typeof saved }).saved = saved;
    const blobs = new Map<string, Blob>();
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      const url = create(blob);
      if (blob instanceof Blob) blobs.set(url, blob);
      return url;
    };
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      const blob = blobs.get(this.href);
      if (blob !== undefined) saved.push({ blob, name: this.download });
    };
  });
}

test.describe('railroad diagram', () => {
  test('draws a named group and a lookahead with their labels, linked both ways with the pattern and the explanation; folds and stays folded', async ({
    page,
  }) => {
    const pattern = String.raw`(?P<year>\d{4})(?=-)x+?`;
    await open(page, await linkTo({ pattern, text: '2024-x' }));
    const diagram = figure(page);
    await expect(diagram.locator('svg')).toBeVisible();
    await expect(diagram.locator('svg')).toHaveAccessibleName(
      `Railroad diagram of the pattern ${pattern}`,
    );
    for (const words of ['group #1 (year)', 'digit', '4 times', 'followed by', '"-"', 'lazy']) {
      await expect(diagram.locator('text', { hasText: words }).first()).toBeVisible();
    }
    const patternEditor = editor(page, 'Pattern');
    const tree = page.getByRole('tree', { name: 'Explanation' });
    const marked = tree.locator('.row.marked');

    // The explanation and the pattern first: WebKitGTK through the local connector tells no
    // element that the pointer left it, so whatever is pointed at last stays pointed at there.
    await test.step('pointing at the explanation or the pattern highlights the part', async () => {
      await expect(diagram.locator('.rx-pointed')).toHaveCount(0);
      const row = tree.getByRole('treeitem', { name: /capturing group #1 named 'year'/ });
      await row.locator('.row').first().hover();
      await expect(diagram.locator('.rx-pointed')).toHaveClass(/rx-box rx-group/);
      await patternEditor.locator('.cm-rx-quantifier').first().hover();
      await expect(diagram.locator('.rx-pointed')).toHaveClass(/rx-loop/);
      await expect(diagram.locator('.rx-pointed')).toContainText('4 times');
    });

    await test.step('pointing at a part outlines its construct and marks its row', async () => {
      await diagram.locator('.rx-lookahead > .rx-box-label').hover();
      await expect(patternEditor.locator('.cm-rx-highlight')).toHaveText('(?=-)');
      await expect(marked.filter({ hasText: 'lookahead' })).toHaveCount(1);
      await diagram.locator('.rx-station.rx-category').hover();
      await expect(patternEditor.locator('.cm-rx-highlight')).toHaveText(String.raw`\d`);
      await expect(marked.locator('.description', { hasText: /^a digit/ })).toHaveCount(1);
      await expect(marked.filter({ hasText: 'lookahead' })).toHaveCount(0);
      if (onStockWebKit()) return;
      await page.getByRole('heading', { name: 'Explanation' }).hover();
      await expect(diagram.locator('.rx-pointed')).toHaveCount(0);
      await expect(marked).toHaveCount(0);
    });

    await test.step('folds away and stays folded after a reload', async () => {
      const toggle = page.getByRole('button', { name: 'Railroad diagram' });
      await expect(toggle).toHaveAttribute('aria-expanded', 'true');
      await expect(figure(page)).toBeVisible();
      await toggle.click();
      await expect(toggle).toHaveAttribute('aria-expanded', 'false');
      await expect(figure(page)).toHaveCount(0);
      await page.reload();
      await expect(page.getByRole('button', { name: 'Railroad diagram' })).toHaveAttribute(
        'aria-expanded',
        'false',
      );
      await expect(figure(page)).toHaveCount(0);
      // Clicked once the page has settled: the header grows when the engine says Ready, and in
      // WebKit a click just before that once landed where the button had been (CI, 2026-12-06).
      await expect(page.getByRole('status')).toContainText('Ready', { timeout: BOOT_MS });
      await page.getByRole('button', { name: 'Railroad diagram' }).click();
      await expect(figure(page).locator('svg')).toBeVisible();
    });
  });

  test('every label keeps AA contrast in the light and the dark theme; exports a valid SVG titled with the pattern, and a PNG', async ({
    page,
  }, testInfo) => {
    const pattern = String.raw`^(?P<word>\w+)<&>(?!x)(?:\.\w+)+?(?<!-)(?>x{2,5})(?(1)y|z)\1$`;
    await open(page, await linkTo({ pattern, text: 'ab<&>.cd' }));
    for (const theme of ['light', 'dark'] as const) {
      await useTheme(page, theme);
      const diagram = figure(page);
      await expect(diagram.locator('svg')).toBeVisible();
      const worst = await diagram.locator('svg').evaluate((svg) => {
        const rgb = (colour: string) =>
          (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
            const v = Number(c) / 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
          });
        const luminance = (colour: string) => {
          const [r = 0, g = 0, b = 0] = rgb(colour);
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const background = luminance(getComputedStyle(svg).backgroundColor);
        let lowest = { ratio: Infinity, text: '' };
        for (const text of svg.querySelectorAll('text')) {
          const fill = luminance(getComputedStyle(text).fill);
          const ratio = (Math.max(fill, background) + 0.05) / (Math.min(fill, background) + 0.05);
          if (ratio < lowest.ratio) lowest = { ratio, text: text.textContent ?? '' };
        }
        return lowest;
      });
      expect(worst.ratio, `"${worst.text}" in the ${theme} theme`).toBeGreaterThanOrEqual(4.5);
      await testInfo.attach(`diagram-${theme}.png`, {
        body: await diagram.screenshot(),
        contentType: 'image/png',
      });
    }

    await test.step('exports a valid SVG titled with the pattern, and a PNG', async () => {
      await expect(figure(page).locator('svg')).toBeVisible();
      await catchDownloads(page);
      await page.getByRole('button', { name: 'Download SVG' }).click();
      const svg = await page.evaluate(async () => {
        const { blob, name } = (window as unknown as { saved: { blob: Blob; name: string }[] })
          .saved[0]!;
        const text = await blob.text();
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        const root = doc.documentElement;
        return {
          name,
          type: blob.type,
          errors: doc.getElementsByTagName('parsererror').length,
          root: `${root.namespaceURI} ${root.localName}`,
          title: root.querySelector(':scope > title')?.textContent,
          texts: [...root.querySelectorAll('text')].map((t) => t.textContent),
          styled: (root.querySelector('style')?.textContent ?? '').includes('var(--'),
          width: Number(root.getAttribute('width')),
        };
      });
      expect(svg).toMatchObject({
        name: 'pattern-P-word-w-x-w-x-2-5-1-y-z-1.svg',
        type: 'image/svg+xml',
        errors: 0,
        root: 'http://www.w3.org/2000/svg svg',
        title: pattern,
        styled: false,
      });
      expect(svg.texts).toEqual(
        // The pattern written over the drawing, then the drawing's words.
        expect.arrayContaining([
          pattern,
          'group #1 (word)',
          'word character',
          '"<&>"',
          'not followed by',
        ]),
      );

      await page.getByRole('button', { name: 'Download PNG' }).click();
      await expect
        .poll(() => page.evaluate(() => (window as unknown as { saved: unknown[] }).saved.length))
        .toBe(2);
      const png = await page.evaluate(async () => {
        const { blob, name } = (window as unknown as { saved: { blob: Blob; name: string }[] })
          .saved[1]!;
        const head = [...new Uint8Array(await blob.slice(0, 8).arrayBuffer())];
        const bitmap = await createImageBitmap(blob);
        return { name, type: blob.type, head, width: bitmap.width };
      });
      expect(png).toMatchObject({
        name: 'pattern-P-word-w-x-w-x-2-5-1-y-z-1.png',
        type: 'image/png',
      });
      expect(png.head).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
      // Twice the drawing's width (an image's size is whole pixels: rounded, then doubled).
      expect(Math.abs(png.width - svg.width * 2)).toBeLessThanOrEqual(2);
    });
  });

  test('a 2 000-character pattern is drawn in rows, zooms, and fits the width', async ({
    page,
  }) => {
    const pattern = String.raw`(?:ab|cd)\d+x`.repeat(160);
    await open(page, await linkTo({ pattern: 'a', text: 'ab' }));
    await setText(editor(page, 'Pattern'), pattern);
    const svg = figure(page).locator('svg');
    await expect(svg.locator('.rx-loop')).toHaveCount(160, { timeout: 20_000 });
    const drawn = await svg.evaluate((s) => ({
      width: Number(s.getAttribute('width')),
      height: Number(s.getAttribute('height')),
    }));
    const room = await figure(page).evaluate((f) => f.clientWidth);
    expect(drawn.width).toBeLessThan(room * 1.5);
    expect(drawn.height).toBeGreaterThan(drawn.width * 3);

    // Pointing still works on a part far down the drawing.
    const last = svg.locator('.rx-loop').last().locator('.rx-category');
    // Scrolled to and pointed at by the page's own coordinates: Playwright's Firefox (WebDriver
    // BiDi) places an SVG part deep in a scrolled figure outside the viewport, and never hovers it.
    await figure(page).evaluate((scroller) => {
      scroller.scrollIntoView({ block: 'start' });
      scroller.scrollTop = scroller.scrollHeight;
    });
    // Measured and pointed at again until it takes: a redraw or a late scroll can move the part.
    await expect(async () => {
      const box = await last
        .locator('rect')
        .evaluate((rect) => rect.getBoundingClientRect().toJSON());
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await expect(editor(page, 'Pattern').locator('.cm-rx-highlight')).toHaveText(String.raw`\d`, {
        timeout: 2_000,
      });
    }).toPass({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await expect(page.getByText('80%', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Fit width' }).click();
    const shown = await svg.evaluate((s) => s.getBoundingClientRect().width);
    expect(shown).toBeLessThanOrEqual(room);
  });
});
