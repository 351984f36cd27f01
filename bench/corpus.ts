/**
 * The words the benchmark data is made of: for each language of the hub,
 * how to say each topic, kinds of resources, sentences to put them in, job
 * titles and expertise statements; plus names and places shared by all.
 * Text built from these reads like the hub's own (topic words repeat a lot,
 * names and places less, invented project names form a long tail), so
 * queries match as many documents as they would in real data of that size.
 */

/** The 18 topics of the demonstration data, by slug, in a fixed order (the generator refers to them by index). */
export const TOPIC_SLUGS = [
  'budget-transparency', 'participatory-budgeting', 'beneficial-ownership', 'open-contracting', 'extractives-revenue',
  'open-data-standards', 'data-portals', 'legislative-openness', 'parliamentary-monitoring', 'right-to-information',
  'foi-implementation', 'civic-participation', 'anti-corruption', 'fiscal-audit', 'procurement',
  'natural-resource-governance', 'ogp-action-plans', 'multi-stakeholder-forums',
] as const;

export interface LanguageCorpus {
  /** BCP 47 tag. */
  code: string;
  /** Share of the documents written in it. */
  weight: number;
  /** One phrase per topic, in TOPIC_SLUGS order. */
  topics: string[];
  /** Title templates: %1$s topic phrase, %2$s place. */
  titles: string[];
  /** Summary sentences: %1$s topic, %2$s second topic, %3$s place, %4$s project name. */
  sentences: string[];
  jobTitles: string[];
  /** Expertise statements: %1$s topic, %2$s second topic, %3$s place. */
  expertise: string[];
  /** Request titles and descriptions: %1$s topic, %2$s place. */
  requestTitles: string[];
  requestDescriptions: string[];
  /** Webinar titles: %1$s topic, %2$s place. */
  webinarTitles: string[];
  /** Organisation names: %1$s place. */
  organizations: string[];
}

export const LANGUAGES: LanguageCorpus[] = [
  {
    code: 'en',
    weight: 50,
    topics: [
      'budget transparency', 'participatory budgeting', 'beneficial ownership registers', 'open contracting', 'extractive revenue disclosure',
      'open data standards', 'open data portals', 'legislative openness', 'parliamentary monitoring', 'the right to information',
      'freedom of information implementation', 'civic participation', 'anti-corruption reform', 'fiscal audit', 'public procurement',
      'natural resource governance', 'OGP action plans', 'multi-stakeholder forums',
    ],
    titles: [
      'A practical guide to %1$s in %2$s', '%1$s: lessons from %2$s', 'Case study: %1$s in %2$s', 'Toolkit for %1$s',
      'Assessing %1$s in %2$s', 'Commitment on %1$s (%2$s)', 'Webinar recording: %1$s in practice', '%1$s data for %2$s',
      'How %2$s improved %1$s', 'Five years of %1$s in %2$s',
    ],
    sentences: [
      'This resource explains how officials in %3$s approached %1$s and what they learned about %2$s.',
      'It draws on the %4$s programme and compares practice across several countries.',
      'Civil society organisations reviewed the draft and proposed changes to strengthen %1$s.',
      'The authors recommend clear deadlines, published data and independent oversight of %2$s.',
      'Reformers can adapt the templates to their own national action plan.',
      'A short annex lists the laws, datasets and contacts used in %3$s.',
      'The %4$s initiative showed that %1$s works best when citizens can follow the money.',
      'Monitoring reports from %3$s show progress on %2$s but gaps in implementation.',
    ],
    jobTitles: ['Director of Budget Policy', 'Open Data Lead', 'Programme Officer', 'Senior Policy Adviser', 'Head of Transparency Unit', 'Researcher', 'Parliamentary Clerk', 'Procurement Specialist', 'Legal Officer', 'Campaigns Coordinator'],
    expertise: [
      'Led the work on %1$s in %3$s and advised neighbouring governments on %2$s.',
      'Designed and implemented %1$s reforms, with a focus on %2$s and on civil society oversight.',
      'Researches %1$s and %2$s; trained officials from %3$s on publishing open data.',
      'Coordinated the national action plan commitments on %1$s in %3$s.',
    ],
    requestTitles: ['Advice on %1$s in %2$s', 'Looking for peers who implemented %1$s', 'Review of our draft commitment on %1$s', 'Study visit on %1$s'],
    requestDescriptions: [
      'Our ministry in %2$s is preparing a commitment on %1$s and would like feedback from people who have done it before.',
      'We need help with the legal framework, verification and publication of data on %1$s.',
    ],
    webinarTitles: ['%1$s: what works', 'Peer learning on %1$s in %2$s', 'Getting started with %1$s'],
    organizations: ['Ministry of Finance of %1$s', '%1$s Open Data Institute', 'Transparency Network of %1$s', 'Office of the Auditor General of %1$s', 'Parliament of %1$s', '%1$s Budget Watch'],
  },
  {
    code: 'es',
    weight: 15,
    topics: [
      'transparencia presupuestaria', 'presupuesto participativo', 'beneficiarios finales', 'contratación abierta', 'ingresos de las industrias extractivas',
      'estándares de datos abiertos', 'portales de datos abiertos', 'parlamento abierto', 'monitoreo legislativo', 'derecho de acceso a la información',
      'implementación de la ley de transparencia', 'participación ciudadana', 'lucha contra la corrupción', 'auditoría fiscal', 'compras públicas',
      'gobernanza de los recursos naturales', 'planes de acción de OGP', 'foros multiactor',
    ],
    titles: [
      'Guía práctica de %1$s en %2$s', '%1$s: lecciones de %2$s', 'Estudio de caso: %1$s en %2$s', 'Caja de herramientas para %1$s',
      'Evaluación de %1$s en %2$s', 'Compromiso sobre %1$s (%2$s)', 'Grabación del seminario: %1$s en la práctica',
    ],
    sentences: [
      'Este recurso explica cómo los funcionarios de %3$s abordaron %1$s y qué aprendieron sobre %2$s.',
      'Se basa en el programa %4$s y compara las prácticas de varios países.',
      'Las organizaciones de la sociedad civil revisaron el borrador y propusieron cambios para fortalecer %1$s.',
      'Los autores recomiendan plazos claros, datos publicados y supervisión independiente de %2$s.',
      'Los informes de seguimiento de %3$s muestran avances en %2$s pero también brechas de implementación.',
    ],
    jobTitles: ['Directora de Presupuesto', 'Coordinador de Datos Abiertos', 'Oficial de Programa', 'Asesora Legal', 'Investigador'],
    expertise: [
      'Dirigió el trabajo sobre %1$s en %3$s y asesoró a otros gobiernos sobre %2$s.',
      'Diseñó reformas de %1$s con énfasis en %2$s y en la vigilancia ciudadana.',
    ],
    requestTitles: ['Asesoría sobre %1$s en %2$s', 'Buscamos pares con experiencia en %1$s'],
    requestDescriptions: ['Nuestro ministerio en %2$s prepara un compromiso sobre %1$s y busca comentarios de quienes ya lo hicieron.'],
    webinarTitles: ['%1$s: qué funciona', 'Aprendizaje entre pares sobre %1$s en %2$s'],
    organizations: ['Ministerio de Hacienda de %1$s', 'Instituto de Datos Abiertos de %1$s', 'Red Ciudadana por la Transparencia de %1$s'],
  },
  {
    code: 'fr',
    weight: 15,
    topics: [
      'transparence budgétaire', 'budget participatif', 'bénéficiaires effectifs', 'commande publique ouverte', 'revenus des industries extractives',
      'standards de données ouvertes', 'portails de données ouvertes', 'parlement ouvert', 'suivi parlementaire', "droit d'accès à l'information",
      "mise en œuvre de l'accès à l'information", 'participation citoyenne', 'lutte contre la corruption', 'audit des finances publiques', 'marchés publics',
      'gouvernance des ressources naturelles', "plans d'action du PGO", 'forums multipartites',
    ],
    titles: [
      'Guide pratique : %1$s à %2$s', '%1$s : leçons de %2$s', 'Étude de cas : %1$s à %2$s', 'Boîte à outils pour %1$s',
      'Évaluation de %1$s à %2$s', 'Engagement sur %1$s (%2$s)', 'Enregistrement du webinaire : %1$s en pratique',
    ],
    sentences: [
      'Cette ressource explique comment les responsables de %3$s ont abordé %1$s et ce qu’ils ont appris sur %2$s.',
      'Elle s’appuie sur le programme %4$s et compare les pratiques de plusieurs pays.',
      'Les organisations de la société civile ont relu le projet et proposé des changements pour renforcer %1$s.',
      'Les auteurs recommandent des délais clairs, des données publiées et un contrôle indépendant de %2$s.',
      'Les rapports de suivi de %3$s montrent des progrès sur %2$s mais des lacunes dans la mise en œuvre.',
    ],
    jobTitles: ['Directrice du budget', 'Responsable des données ouvertes', 'Chargé de programme', 'Conseillère juridique', 'Chercheur'],
    expertise: [
      'A piloté les travaux sur %1$s à %3$s et conseillé d’autres gouvernements sur %2$s.',
      'A conçu des réformes de %1$s, en particulier sur %2$s et le contrôle citoyen.',
    ],
    requestTitles: ['Conseils sur %1$s à %2$s', 'Recherche de pairs ayant mis en œuvre %1$s'],
    requestDescriptions: ['Notre ministère à %2$s prépare un engagement sur %1$s et souhaite l’avis de personnes qui l’ont déjà fait.'],
    webinarTitles: ['%1$s : ce qui marche', 'Échanges entre pairs sur %1$s à %2$s'],
    organizations: ['Ministère des Finances de %1$s', 'Observatoire des données ouvertes de %1$s', 'Réseau pour la transparence de %1$s'],
  },
  {
    code: 'pt',
    weight: 8,
    topics: [
      'transparência orçamentária', 'orçamento participativo', 'beneficiários finais', 'contratação aberta', 'receitas das indústrias extrativas',
      'padrões de dados abertos', 'portais de dados abertos', 'parlamento aberto', 'monitoramento legislativo', 'direito de acesso à informação',
      'implementação da lei de acesso à informação', 'participação cidadã', 'combate à corrupção', 'auditoria fiscal', 'compras públicas',
      'governança dos recursos naturais', 'planos de ação da OGP', 'fóruns multissetoriais',
    ],
    titles: ['Guia prático de %1$s em %2$s', '%1$s: lições de %2$s', 'Estudo de caso: %1$s em %2$s', 'Kit de ferramentas para %1$s'],
    sentences: [
      'Este recurso explica como os gestores de %3$s abordaram %1$s e o que aprenderam sobre %2$s.',
      'Baseia-se no programa %4$s e compara práticas de vários países.',
      'As organizações da sociedade civil revisaram a proposta e sugeriram mudanças para fortalecer %1$s.',
    ],
    jobTitles: ['Diretora de Orçamento', 'Coordenador de Dados Abertos', 'Assessora Jurídica'],
    expertise: ['Liderou o trabalho sobre %1$s em %3$s e assessorou outros governos sobre %2$s.'],
    requestTitles: ['Apoio sobre %1$s em %2$s'],
    requestDescriptions: ['Nosso ministério em %2$s prepara um compromisso sobre %1$s e procura a opinião de quem já o fez.'],
    webinarTitles: ['%1$s: o que funciona'],
    organizations: ['Ministério da Fazenda de %1$s', 'Observatório de Dados Abertos de %1$s'],
  },
  {
    code: 'ar',
    weight: 6,
    topics: [
      'شفافية الميزانية', 'الميزانية التشاركية', 'المستفيدون الحقيقيون', 'التعاقد المفتوح', 'إيرادات الصناعات الاستخراجية',
      'معايير البيانات المفتوحة', 'بوابات البيانات المفتوحة', 'البرلمان المفتوح', 'الرقابة البرلمانية', 'الحق في النفاذ إلى المعلومة',
      'تطبيق قانون النفاذ إلى المعلومة', 'المشاركة المواطنية', 'مكافحة الفساد', 'التدقيق المالي', 'الصفقات العمومية',
      'حوكمة الموارد الطبيعية', 'خطط عمل الشراكة من أجل الحكومة المفتوحة', 'المنتديات متعددة الأطراف',
    ],
    titles: ['دليل عملي حول %1$s في %2$s', '%1$s: دروس من %2$s', 'دراسة حالة: %1$s في %2$s'],
    sentences: [
      'يشرح هذا المورد كيف تعامل المسؤولون في %3$s مع %1$s وما تعلموه حول %2$s.',
      'يستند إلى برنامج %4$s ويقارن الممارسات في عدة بلدان.',
      'راجعت منظمات المجتمع المدني المشروع واقترحت تغييرات لتعزيز %1$s.',
    ],
    jobTitles: ['مديرة الميزانية', 'منسق البيانات المفتوحة', 'مستشار قانوني'],
    expertise: ['قاد العمل حول %1$s في %3$s وقدم المشورة لحكومات أخرى حول %2$s.'],
    requestTitles: ['طلب مشورة حول %1$s في %2$s'],
    requestDescriptions: ['تعد وزارتنا في %2$s التزاما حول %1$s وتبحث عن آراء من سبق لهم القيام بذلك.'],
    webinarTitles: ['%1$s: ما الذي ينجح'],
    organizations: ['وزارة المالية في %1$s', 'مرصد البيانات المفتوحة في %1$s'],
  },
  {
    code: 'id',
    weight: 6,
    topics: [
      'transparansi anggaran', 'penganggaran partisipatif', 'pemilik manfaat', 'kontrak terbuka', 'pendapatan industri ekstraktif',
      'standar data terbuka', 'portal data terbuka', 'parlemen terbuka', 'pemantauan legislatif', 'hak atas informasi',
      'implementasi keterbukaan informasi', 'partisipasi warga', 'pemberantasan korupsi', 'audit keuangan', 'pengadaan publik',
      'tata kelola sumber daya alam', 'rencana aksi OGP', 'forum multipihak',
    ],
    titles: ['Panduan praktis %1$s di %2$s', '%1$s: pelajaran dari %2$s', 'Studi kasus: %1$s di %2$s'],
    sentences: [
      'Sumber ini menjelaskan bagaimana pejabat di %3$s menangani %1$s dan apa yang mereka pelajari tentang %2$s.',
      'Sumber ini berdasarkan program %4$s dan membandingkan praktik di beberapa negara.',
      'Organisasi masyarakat sipil meninjau rancangan dan mengusulkan perubahan untuk memperkuat %1$s.',
    ],
    jobTitles: ['Direktur Anggaran', 'Koordinator Data Terbuka', 'Penasihat Hukum'],
    expertise: ['Memimpin pekerjaan tentang %1$s di %3$s dan memberi nasihat kepada pemerintah lain tentang %2$s.'],
    requestTitles: ['Saran tentang %1$s di %2$s'],
    requestDescriptions: ['Kementerian kami di %2$s sedang menyiapkan komitmen tentang %1$s dan mencari masukan dari yang berpengalaman.'],
    webinarTitles: ['%1$s: apa yang berhasil'],
    organizations: ['Kementerian Keuangan %1$s', 'Pusat Data Terbuka %1$s'],
  },
];

/** Cities and regions documents are about (the long tail of places comes from PLACE_SYLLABLES). */
export const PLACES = [
  'Tunis', 'Sfax', 'Nairobi', 'Mombasa', 'Lagos', 'Abuja', 'Accra', 'Kumasi', 'Manila', 'Cebu', 'Jakarta', 'Surabaya', 'Bandung',
  'Bogotá', 'Medellín', 'São Paulo', 'Recife', 'Ciudad de México', 'Monterrey', 'Montréal', 'Toronto', 'Amman', 'Rabat', 'Casablanca',
  'Oslo', 'Santiago', 'Valparaíso', 'San José', 'Cairo', 'Johannesburg', 'Durban', 'Canberra', 'Melbourne', 'Ankara', 'Paris',
  'Lyon', 'London', 'Manchester', 'Washington', 'Chicago', 'Dakar', 'Abidjan', 'Kigali', 'Kampala', 'Lima', 'Quito', 'Tbilisi', 'Kyiv',
];

/** Syllables of invented project and place names: a long tail of rare words, as real text has. */
export const PLACE_SYLLABLES = ['ka', 'lo', 'mi', 'tu', 'ra', 'ne', 'so', 'vi', 'da', 'pe', 'zo', 'gu', 'ba', 'shi', 'wen', 'tor', 'ma', 'li', 'ko', 'sa'];

export const FIRST_NAMES = [
  'Amina', 'Nadia', 'Youssef', 'Leila', 'Omar', 'Fatma', 'Karim', 'Salma', 'Chinedu', 'Ngozi', 'Emeka', 'Adaeze', 'Kwame', 'Akosua',
  'Wanjiru', 'Otieno', 'Achieng', 'Maria', 'José', 'Lucía', 'Carlos', 'Ana', 'Diego', 'Camila', 'João', 'Beatriz', 'Rafael', 'Juliana',
  'Sophie', 'Julien', 'Camille', 'Thomas', 'Claire', 'Emma', 'Oliver', 'Grace', 'James', 'Hannah', 'Daniel', 'Rosa', 'Putri', 'Budi',
  'Sri', 'Agus', 'Dewi', 'Reza', 'Maricel', 'Jose Mari', 'Liza', 'Paolo', 'Ingrid', 'Lars', 'Mehmet', 'Ayşe', 'Sipho', 'Thandiwe',
];

export const LAST_NAMES = [
  'Benali', 'Trabelsi', 'Haddad', 'Mansour', 'Okafor', 'Adeyemi', 'Nwosu', 'Mensah', 'Owusu', 'Mwangi', 'Odhiambo', 'Kamau', 'García',
  'Rodríguez', 'Martínez', 'López', 'Hernández', 'Silva', 'Santos', 'Oliveira', 'Souza', 'Dubois', 'Martin', 'Bernard', 'Lefèvre',
  'Moreau', 'Smith', 'Brown', 'Taylor', 'Wilson', 'Campbell', 'Nguyen', 'Santoso', 'Wijaya', 'Hidayat', 'Pratama', 'Reyes', 'Cruz',
  'Bautista', 'Dela Cruz', 'Hansen', 'Johansen', 'Yılmaz', 'Demir', 'Dlamini', 'Ndlovu', 'Nkosi', 'Al-Masri', 'El Amrani', 'Cohen',
];
