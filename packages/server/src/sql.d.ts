/** A `.sql` file imported as its text (inlined by the build; see store/sql.ts). */
declare module '*.sql' {
  const text: string;
  export default text;
}
