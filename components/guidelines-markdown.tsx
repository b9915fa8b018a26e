"use client";

import ReactMarkdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";

/**
 * Guidelines Markdown rendered safely: react-markdown never renders raw HTML (a `<script>` is left out) and drops
 * unsafe URLs such as `javascript:`; rehype-sanitize (GitHub's allow-list) cleans the tree once more.
 */
export function GuidelinesMarkdown({ markdown }: { markdown: string }) {
  return (
    <div className="guidelines space-y-2 text-sm leading-relaxed [&_a]:text-sky-700 [&_a]:underline [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:font-semibold [&_li]:ml-5 [&_ol]:list-decimal [&_ul]:list-disc">
      <ReactMarkdown rehypePlugins={[rehypeSanitize]}>{markdown}</ReactMarkdown>
    </div>
  );
}
