/**
 * The evaluation page's data, asked for before the rest of the app's code runs: main.tsx imports
 * this module first, so that the request goes out while the browser still runs React, the router
 * and the pages (about 0.1 s of script on the bench's machine, issue 13), not after them. The
 * page's loader takes the answer (`prefetchEvaluation`) instead of asking again; an answer that
 * is not a success is left alone, and the loader asks through the API client, which handles it
 * (a 401 sends the user to the login page). Nothing here runs on any other page.
 */
const EVALUATION_PAGE = /^\/vergabe\/([0-9a-f-]{36})\/wertung\/?$/i;

let evaluation: { tenderId: string; answer: Promise<Response | undefined> } | undefined;

const page = EVALUATION_PAGE.exec(window.location.pathname);
if (page?.[1]) {
  const tenderId = page[1].toLowerCase();
  evaluation = {
    tenderId,
    // the same request as the API client's: same origin with the session cookie, German reasons
    answer: fetch(`/api/v1/tenders/${tenderId}/evaluation`, {
      credentials: 'same-origin',
      headers: { 'accept-language': 'de' },
    }).catch(() => undefined),
  };
}

/** the early answer for this tender's evaluation, once: later visits of the page ask anew */
export async function takeEarlyEvaluation(tenderId: string): Promise<Response | undefined> {
  if (evaluation?.tenderId !== tenderId.toLowerCase()) return undefined;
  const { answer } = evaluation;
  evaluation = undefined;
  const response = await answer;
  return response?.ok ? response : undefined;
}
