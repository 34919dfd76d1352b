import { parseArticle, type Section } from '../../src/index.js';

/** A small bilingual knowledge base, as markdown files. */
export const CORPUS: Record<string, string> = {
  'en/reset-password.md': `---
id: reset-password
title: Reset your password
tags: [account, login]
contexts: [/login]
---
If you forgot your password, open the sign-in page and choose "Forgot password". We email you a link.

## Password rules

Passwords need twelve characters, one of them a digit.
`,
  'ja/reset-password.md': `---
id: ja-reset-password
title: パスワードの再設定
locale: ja
tags: [アカウント]
---
パスワードを忘れた場合は、ログイン画面の「パスワードをお忘れですか」を選んでください。メールで再設定用のリンクをお送りします。
`,
  'ja/invoice.md': `---
id: ja-invoice
title: 請求書のダウンロード
locale: ja
---
請求書は管理画面の「請求」ページからPDFでダウンロードできます。
`,
  'en/passage.md': `---
id: passage
title: Passage planning
---
Plan the passage of goods across the border. Shipping only.
`,
  'en/billing.md': `---
id: billing
title: Billing and invoices
---
Download invoices from the billing page. Invoices list every charge.
`,
  'en/export-reports.md': `---
id: export-reports
title: Export data
contexts: [/reports/*]
---
Export your data as a CSV file from the export menu. The export includes every column.
`,
  'en/export-orders.md': `---
id: export-orders
title: Export data
contexts: [/orders/:id]
---
Export your data as a CSV file from the order page.
`,
  'en/internal.md': `---
id: escalation-playbook
title: Password reset escalation
audience: internal
---
Agents reset passwords manually after an identity check.
`,
};

/** Parses markdown files into sections, throwing on any error. */
export function sectionsOf(files: Record<string, string>): Section[] {
  return Object.entries(files).flatMap(([file, text]) => {
    const parsed = parseArticle(text, file);
    const errors = parsed.issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) throw new Error(`${file}: ${JSON.stringify(errors)}`);
    return parsed.sections;
  });
}

/** The sections end users may see (`audience: public`): what a publishable bundle holds. */
export function publicSections(files: Record<string, string>): Section[] {
  return sectionsOf(files).filter((s) => s.audience === 'public');
}
