/**
 * A hand-written table of Brazilian cities, one or more per state, spelled as Olist writes them
 * (lowercase, no accents). Weights are percent of customers and make SP about 42% of the total;
 * zip ranges are the city's 5-digit CEP prefixes.
 */
export interface City {
  readonly name: string;
  readonly state: string;
  readonly weight: number;
  /** Inclusive ranges of 5-digit zip code prefixes. */
  readonly zips: readonly (readonly [number, number])[];
}

export const CITIES: readonly City[] = [
  {
    name: 'sao paulo',
    state: 'SP',
    weight: 25,
    zips: [
      [1000, 5999],
      [8000, 8499],
    ],
  },
  { name: 'campinas', state: 'SP', weight: 4, zips: [[13000, 13139]] },
  { name: 'guarulhos', state: 'SP', weight: 3.5, zips: [[7000, 7399]] },
  { name: 'sao bernardo do campo', state: 'SP', weight: 2.5, zips: [[9600, 9899]] },
  { name: 'santo andre', state: 'SP', weight: 2.5, zips: [[9000, 9299]] },
  { name: 'osasco', state: 'SP', weight: 2.3, zips: [[6000, 6299]] },
  { name: 'santos', state: 'SP', weight: 2.2, zips: [[11000, 11099]] },
  { name: 'rio de janeiro', state: 'RJ', weight: 10.9, zips: [[20000, 23799]] },
  { name: 'niteroi', state: 'RJ', weight: 2, zips: [[24000, 24399]] },
  { name: 'belo horizonte', state: 'MG', weight: 8.5, zips: [[30000, 31999]] },
  { name: 'juiz de fora', state: 'MG', weight: 3.2, zips: [[36000, 36099]] },
  { name: 'porto alegre', state: 'RS', weight: 5.5, zips: [[90000, 91999]] },
  { name: 'curitiba', state: 'PR', weight: 5.1, zips: [[80000, 82999]] },
  { name: 'florianopolis', state: 'SC', weight: 3.7, zips: [[88000, 88099]] },
  { name: 'salvador', state: 'BA', weight: 3.4, zips: [[40000, 42499]] },
  { name: 'brasilia', state: 'DF', weight: 2.2, zips: [[70000, 72799]] },
  { name: 'vitoria', state: 'ES', weight: 2, zips: [[29000, 29099]] },
  { name: 'goiania', state: 'GO', weight: 2, zips: [[74000, 74899]] },
  { name: 'recife', state: 'PE', weight: 1.7, zips: [[50000, 52999]] },
  { name: 'fortaleza', state: 'CE', weight: 1.3, zips: [[60000, 61599]] },
  { name: 'belem', state: 'PA', weight: 1, zips: [[66000, 66999]] },
  { name: 'cuiaba', state: 'MT', weight: 0.9, zips: [[78000, 78109]] },
  { name: 'sao luis', state: 'MA', weight: 0.75, zips: [[65000, 65109]] },
  { name: 'campo grande', state: 'MS', weight: 0.72, zips: [[79000, 79129]] },
  { name: 'joao pessoa', state: 'PB', weight: 0.54, zips: [[58000, 58099]] },
  { name: 'teresina', state: 'PI', weight: 0.5, zips: [[64000, 64099]] },
  { name: 'natal', state: 'RN', weight: 0.49, zips: [[59000, 59139]] },
  { name: 'maceio', state: 'AL', weight: 0.42, zips: [[57000, 57099]] },
  { name: 'aracaju', state: 'SE', weight: 0.35, zips: [[49000, 49099]] },
  { name: 'palmas', state: 'TO', weight: 0.28, zips: [[77000, 77299]] },
  { name: 'porto velho', state: 'RO', weight: 0.25, zips: [[76800, 76849]] },
  { name: 'manaus', state: 'AM', weight: 0.15, zips: [[69000, 69099]] },
  { name: 'rio branco', state: 'AC', weight: 0.08, zips: [[69900, 69924]] },
  { name: 'macapa', state: 'AP', weight: 0.07, zips: [[68900, 68914]] },
  { name: 'boa vista', state: 'RR', weight: 0.05, zips: [[69300, 69339]] },
];
