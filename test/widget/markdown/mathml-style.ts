// happy-dom makes MathML elements plain `Element`s without `style` (browsers give MathMLElement one):
// lend them a detached CSSStyleDeclaration so Preact can set temml's styles. Real browsers are covered
// by test/e2e/markdown.test.ts.
if (!('style' in Element.prototype)) {
  const styles = new WeakMap<Element, CSSStyleDeclaration>();
  Object.defineProperty(Element.prototype, 'style', {
    configurable: true,
    get(this: Element) {
      let style = styles.get(this);
      if (!style) styles.set(this, (style = document.createElement('span').style));
      return style;
    },
  });
}
