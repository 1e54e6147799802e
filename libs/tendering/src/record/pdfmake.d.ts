// The part of pdfmake 0.3 (server build, `js/index.js`) that the record uses; pdfmake ships no types.
declare module 'pdfmake' {
  interface PdfMakeFont {
    normal: string;
    bold: string;
    italics: string;
    bolditalics: string;
  }
  interface PdfMakeOutput {
    getBuffer(): Promise<Buffer>;
  }
  interface PdfMake {
    setFonts(fonts: Record<string, PdfMakeFont>): void;
    setUrlAccessPolicy(policy: (url: string) => boolean): void;
    setLocalAccessPolicy(policy: (path: string) => boolean): void;
    createPdf(definition: Record<string, unknown>): PdfMakeOutput;
  }
  const pdfmake: PdfMake;
  export default pdfmake;
}
