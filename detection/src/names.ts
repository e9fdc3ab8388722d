// Given names met among children, parents and staff in Swedish schools: Swedish and Nordic names of
// all generations and the names of the largest groups with roots elsewhere (Arabic, Kurdish, Persian,
// Somali, Tigrinya, Turkish, Balkan, Polish, Ukrainian, Russian, Baltic, Latin American, South and
// East Asian, English). Written from general knowledge by a helper who did not see the evaluation
// sets (issue 19), lower case, transliterated into the keyword alphabet, and without names that are
// also ordinary words opening a Swedish or English sentence ("mina", "hans", "max", "rosa", "love").
// A capitalised match is a person link, also at the start of a sentence.
export const FIRST_NAMES: readonly string[] = (
  "aada aadhya aapo aarav aaron abbas abdalla abdallah abdelrahman abdi abdiaziz abdifatah " +
  "abdihakim abdikarim abdimalik abdinasir abdinur abdirahman abdirashid abdirizak abdisalam " +
  "abdisamad abdo abdul abdulaziz abdulkadir abdulkarim abdulla abdullah abdullahi abdulrahman " +
  "abel abhishek abigail abiodun abraham abubakar adaeze adam adebayo adel adele adelina aden " +
  "adeola adiam adina aditi aditya admir adna adnan adrian afshin agata agit agne agnes agnese " +
  "agneta agnieszka agon agron agustin agustina ahmad ahmed ahmet aida aiden aileen aina aino " +
  "aisha ajay ajdin ajla ajmal akash aki akram aksel alaa alan alba alban albana albert alberto " +
  "albin albulena aleena alejandra alejandro aleksa aleksandar aleksander aleksandra aleksei " +
  "aleksi alen alex alexander alexandra alexandru alexei alexey alexia alexis aleyna alf alfie " +
  "alfons alfred ali alice alicia alicja alida alin alina alireza alisa allan alma almaz almir " +
  "alper altin alva alvar alvaro alvin alyona ama amaka amal amalia aman amanda amani amanuel amar " +
  "amara amber amel amela amelia amer amin amina aminata amir amira amirali amirhossein amit amjad " +
  "ammar amna amra amran amy ana anahita anand ananya anas anastasia anastasiia anaya anca anders " +
  "andjela andrea andreas andreea andrei andrej andres andrew andrey andrii andris andrius andrzej " +
  "andrés ane aneta anete anette angela angelica angelina angelo anh ania anil anirudh anisa anita " +
  "anja anjali ann anna anne anneli annelie annette annica annie annika anong ante antero anthony " +
  "anton antonella antoni antonia antonina antonio antti anu anvi anwar anya aprim aram aras arash " +
  "arben arber arbnora archie arda ardalan ardavan ardit ardita ari ariam arian ariana arianit " +
  "ariel arif arina arjun arkadiusz arlene arlind arman armend armin arnas arnav arne arnel aron " +
  "arseniy arslan arta artan artem arthur arto artur arturas arturo arturs arun arvid aryan asad " +
  "asha ashkan ashley ashok ashraf ashur asif asma asmaa asta aster astrid astrit asya audrius " +
  "august aurimas aurora austeja austin ava avan avin awais axel aya ayaan ayan ayaz ayesha ayham " +
  "ayla aylin ayman ayo ayodele ayoub ayse aysha ayub ayush azad azadeh aziz azra babak babatunde " +
  "badr bahar bahoz bahram baiba bao baran barbara barbro bardia baris bartlomiej bartosz basel " +
  "bashar bashir basia basil basir bassam bastian batoul batuhan beata beatrice beatriz behnam " +
  "behrouz behzad bekim belen bella belma bengt benita benjamin benny bent bereket beren berfin " +
  "berhane berit berivan berk berkay berna bernt bert bertil berzan besa besart besnik betul betül " +
  "beyza bianca bijan bilal bilan bile billy binh biniam birger birgit birgitta birgitte birk " +
  "bjarne bjarni björk björn bjørn blenda blerim blerina blerta bodil boel bogdan bohdan bojan " +
  "boris bosse bozena brandon brian britt britta bror bruno bryndís bujar bukola bulent burak " +
  "burcu burim bushra busra börje bülent büsra caglar cajsa calle camelia camila camilla camilo " +
  "cansu carin carina carita carl carla carlos carmen carola carolina caroline casper caspian " +
  "cassandra catalin catalina catarina catharina catherine cathrine cecilia cecilie celina celine " +
  "cem cemre ceren cesar charles charlie charlotta charlotte charmaine chen chiamaka chidi " +
  "chidinma chinedu chioma chloe christel christer christian christin christina christine " +
  "christoffer christopher christos chukwuemeka cihan claes claire clara claudia claudio claudiu " +
  "colin conny conor constantin constanza corina cornelia cosmin cristian cristina cristobal cuong " +
  "dafina dagmar dagny dahir daisy dalia dalila damian damilola damir dan dana danait dania danial " +
  "daniel daniela danielle daniil daniyal danny dante danuta danylo daoud dara dardan daria dario " +
  "darius dariush dariusz darko darya dasha david davood davor davoud dawid dawit dean deepak " +
  "deepika defne dejan delal denis denisa denise deniz dennis denys deqa derya desiree desirée " +
  "despina dev dexter dhruv diana dick diego diellza dijana dilan dilara dilek dilnaz dilovan " +
  "dilsad dima dimitra dimitris dino divya diya diyar dmitri dmitry dmytro dogan domantas dominic " +
  "dominik dominika donya dora dorin dorota dorotea dorothea douglas dovydas dragan dragana dren " +
  "drita driton duaa duc dumitru dunia duru dusan duygu dylan dzenan dzenana ebba ebbe ebrahim " +
  "ebru ebuka ece ecrin eda edda eddie eden edgars edin edina edis edith edon edona eduardo " +
  "eduards edvin edvinas edward edwin edyta eelis eemeli eero eetu eeva efe efosa efrem ege egill " +
  "egle egon egor egzon egzona ehsan einar eino eira eirik eivor ekaterina ela eldin elena eleni " +
  "eleonor eleonora elham elia eliah elian elias eliel elif elin elina eline eliot elira elis " +
  "elisa elisabet elisabeth elise elizabeth elizaveta ella elle ellen elli ellie ellinor elliot " +
  "elly elma elmir elna elnaz elona elsa elsie elton elvin elvir elvira elvis elyas elzbieta elín " +
  "ema emad eman emanuel embla emeka emelia emelie emil emilia emilie emilija emilio emily emin " +
  "emina emine emir emma emmanuel emmie emmy emrah emre endrit enes enis enrique enya enzo eren " +
  "erfan eric erik erika erion erkan erland erlend ermal ermias ermin erza esa esben ese eskil " +
  "esma espen esra esteban estelle ester esther estifanos ethan eugen eva evangeline eveliina " +
  "evelina evert evin evy ewa ewelina eyerusalem eylül eyob eyüp fabian fadi faduma fadumo fahad " +
  "fahim faisal fanny farah fardowsa fares farhad farhan fariba farid faris farnaz farshad faruk " +
  "farzad farzana fatema fatemeh fatih fatima fatime fatma fatos fatou fatuma fawad felicia felipe " +
  "felix femi feng ferdinand fereshta fereshteh ferhat fernanda fernando festim feven filimon " +
  "filip filippa filmon filsan finn fiona firas fisnik fitsum fjolla flamur flemming florencia " +
  "florent florentina florin folake folke fouad francisca francisco franciszek frank frans freddie " +
  "frederik fredrik frej freja freshta freweini freya freyja frida frode frøya furkan gabi gabija " +
  "gabriel gabriela gabriella galina gamze gaurav gediminas geir gentian george georgia georgiana " +
  "georgios gerd gert gertrud gewargis ghada ghaith ghassan ghazal gheorghe ghulam giang giannis " +
  "giedre giedrius giorgos gitte gizem gleb glenn gloria godwin goitom gokhan golnaz gonzalo goran " +
  "gosia gottfrid grace granit gresa greta grete gro gry grzegorz gudmundur gudrun gudrún " +
  "guillermo guled gun gunborg gunhild gunilla gunnar gunnel gunvor gurpreet gustaf gustav gustavo " +
  "gökhan göran gösta göte gül habib habiba habibullah habtom hadeel hadi hafsa hai haidar haider " +
  "haile hailey hailu haitham hajar hakan hakim halil halima halina halvor hamda hamed hamid " +
  "hampus hamse hamza hana hanan haneen hanh hani hania hanieh hanna hannah hanne hannele hannes " +
  "hannu hao haoran harald haris haroon haroun harpa harpreet harri harriet harry harun harvey " +
  "hasan hasina hassan hasse hatice hawa hawre hazel hazem heather hector hedda hedvig hege heidi " +
  "heikki hejar hekmat helen helena helene helga helge helgi heli helia helin helina helle helmer " +
  "helmi helén hemin henning henok henrik henry herman hermine hermon hernan hevin hiba hibo hien " +
  "hieu hila hilal hilda hilde hildur hillevi hilma hina hinda hira hiro hisham hiwa hiwet hiwot " +
  "hjalmar hjördis hoa hoang hodan holger holly hong hongwei hossein hozan hua hubert huda hugo " +
  "hui huma hung huong husain huseyin hussain hussam hussein huy håkan håkon håvard hülya hüseyin " +
  "ian ibrahim ibrahima ida idil idris idun ieva ifeanyi ifeoma ifrah ignacio ignacy ignas igor " +
  "ihab ihor iida iiris ikechukwu ikran ilayda ileana ilham ilhan ilias ilir ilker ilkka illia " +
  "ilmari ilona ilse ilya ilyas ilze imad iman imelda immanuel imran ina indira indrek ines inez " +
  "ingalill ingeborg ingegerd ingela ingemar inger ingmar ingrid ingrida ingvar ingvild inna ioana " +
  "ion ionut iqra ira irem irena irene irfan irina iris irma iryna isa isaac isabel isabell " +
  "isabella isabelle isac isaias isak isha ishaan ishak ishaq ishtar isla ismael ismahan ismail " +
  "isolde isra israa issa iulia iulian iva ivan ivana ivar ivars iveta ivica ivy iwona izabela " +
  "jaakko jaan jaana jacek jack jacob jacqueline jafar jaime jakob jakub jalal jama jamal james " +
  "jamie jamil jamila jamshid jan jana jane janet jani janis janne jannike janusz jari jarl jarmo " +
  "jaroslaw jasmin jasmina jasmine jason javad javed javid javier javiera jawad jean jeanette " +
  "jeannette jehona jelena jenna jenni jennie jennifer jenny jens jere jerome jerzy jesper jesse " +
  "jessica jessie jeta jeton jia jiahao jian jiayi jibril jie jihad jim jimmie jimmy jing jingyi " +
  "jintana jiraporn jiyan joacim joakim joanna joaquin joaquín joar jocelyn jocke joe joel johan " +
  "johanna johannes john johnny jolanta jolin joline jon jona jonah jonas jonatan jonathan joni " +
  "jonna jonny jonte jordan jorge jose josef josefa josefin josefina josefine joseph josephine " +
  "joshua josip josua josé jouni jovan jovana jozef juan jude judit judy juha juhani juho jukka " +
  "julia julian julie juliette julio julius jun junaid juni juno jurgita juris jussi justas justin " +
  "justyna jusuf jwan jón józef jörgen jørgen kaan kabir kacper kadir kadri kai kaisa kaj kaja " +
  "kajsa kaleb kalle kaltrina kamal kamil kamila kamile kamran kanchana kannika kanokwan kanya " +
  "karam karan kardo kareem karen kari karim karima karin karina karl karla karol karolina " +
  "karoline karolis kartik karwan karzan kasia kaspars kasper kaspian kasra katarina katarzyna " +
  "kate katerina kateryna katherine katie katja katrin katrín katya kaveh kavya kawa kehinde keira " +
  "kelechi kelly kemal kenan kendal kenji kennet kenneth kent kerem kersti kerstin kevin khadar " +
  "khadija khadra khaled khalid khalil khanh khoa khrystyna kian kiara kibrom kicki kidane kieran " +
  "kim kimia kimmo kinan kinga kinza kira kiran kirill kirsi kirsten kirsti kjell kjersti kjetil " +
  "klara klas klaudia klaus knut kofi konrad konstantin konstantinos kornelia kostas kourosh " +
  "kowsar krish krishna kristaps kristel krister kristian kristiina kristin kristina kristine " +
  "kristjan kristján kristofer kristoffer kristín krystian krystyna krzysztof ksenia kubra kurt " +
  "kwame kyrylo kübra labinot ladan laiba laila laith lama lamai lamar lamija lan lana lara larisa " +
  "lars lasse lassi latifa laura lauren lauri lavin lavinia layan layla lazar lea leah lee leena " +
  "leevi lei leia leif leila lejla lena lene lennart lennox leo leon leona leonardo leonid leonora " +
  "leotrim leslie lev levi leyla leylo li liam lian liban lidia lidya lien liina liis liisa lili " +
  "lilian lilja lillemor lillian lilly lily lin lina linda lindita ling linh linn linnea linnéa " +
  "linus lion liridon liridona lisa lisbeth lise liselotte lisen liudmyla liv livia liviu liz liza " +
  "lo loke loredana lorena lorenzo lorna lotta lotte louay loui louie louis louise lourdes lova " +
  "lovisa lowe lubna lucas lucija lucy lucía ludde ludvig ludwig luis luisa luka lukas lukasz luke " +
  "lukman luna luwam lydia lykke lyubov lyudmila maarit maarja maciej madalina madeleine madelene " +
  "madis madison mads magda magdalena magnus magnús maha mahad mahamed mahdi maher mahir mahlet " +
  "mahmood mahmoud mahmut mahnoor mahsa mahtab maida maija maja majd majed majid majken majvor " +
  "makar maksym malak malcolm malee malek malene malgorzata mali maliha malik malika malin malke " +
  "malou malte malthe malva malwina mamadou manal mani manish mansoor mansour mantas manuel " +
  "marcela marcelo marcin marco marcus marek maren margareta margaretha margarita margit margot " +
  "margrethe margrét margus mari maria mariam mariama marian mariana marianna marianne maricel " +
  "marie mariia marija marika marilou marilyn marin marina mario maris marisol marit marita marius " +
  "mariusz marivic marja marjan marjatta markku marko markus marlene marlon mart marta marte " +
  "martin martina martins martyna martín marwa marwan mary maryam maryan maryna marzia maría masha " +
  "masood masooma masoud massoud matas matej mateo mateusz matheo mathias mathilda mathilde matias " +
  "matilda mats matteo matteus matthew matthias matti mattias mattis matvey matías maud mauricio " +
  "mauritz maxim maximilian maximiliano maya mayar mazen medina meera megan mehak mehari mehdi " +
  "mehmed mehmet mehran mehrdad mehret mei meja mekdes melek melike melina melinda melis melisa " +
  "melissa melker melvin meng mergim merhawi merima merja merle meron mert merve meryem metin " +
  "mette mewael mia micaela michael michal michelle migle miguel mihaela mihai mihret mika mikael " +
  "mikaela mikhail mikias mikkel mikko mikolaj mila milad milan milana milena milian milica milla " +
  "milo milos milosz milou milton mimmi mindaugas ming minh minna mio mira mirac miranda miray " +
  "miraç mircea mirela miriam mirjam mirjana mirjeta mirko mirna miroslav mirsad mirwais mirza " +
  "mitra mizgin moa mohamad mohamed mohammad mohammadreza mohammed mohamud mohannad mohsen mohsin " +
  "mollie molly mona monica monika morgan morten morteza mose moses mostafa mouaz moussa moustafa " +
  "muhamed muhammad muhammed muhammet muhannad mujtaba mukhtar muna munir murad murat mursal " +
  "murtada murtaza musa muska muskan mussie mustaf mustafa mustapha mykhailo mykola mylene myra " +
  "märit märta måns mårten nabi nabil nada nadeem nader nadia nadim nadine nadja naeem naemi " +
  "nafisa nahom nahrain nahrin naida naim naima najma najwa nam nancy nanna naomi nardos narges " +
  "nargis naser nasim nasima nasir nasra nasrin nasser nastya natalia natalie nataliia natanael " +
  "natasa natasha nathalie nathan nathanael natnael nattaya naveed navid navya nawal naweed " +
  "nazanin nazar nazir nazli nea neda nedim negar neha nehir nejra nelli nellie nelly nelson " +
  "nemanja nenad neo nergiz neringa nermin nermina nesrin nevena newroz nga ngoc ngozi nhung " +
  "nicholas nick niclas nicolae nicolai nicolas nicole nicoleta nicolás nida niels nika nikhil " +
  "nikita niklas niko nikola nikolai nikolaj nikos nilla nilofar niloofar niloufar nils nima nimco " +
  "nina nineb ning ninos ninve ninwe nisa nisha nisse nittaya nizar nnamdi nneka noa noah noak " +
  "noel noelia noelle noi nok noomi noor noora nora norah norbert nore nour noura nova novalie nuh " +
  "nur oana obinna oda oguz oksana ola olav ole oleg oleh oleksandr oleksandra oleksii olena olga " +
  "olha oliver olivia oliwer oliwia olle olli olof olov olumide oluwaseun omar omer omid onni onur " +
  "oona orhan orvar osagie osama oscar oskar oskari osman othman otis ottilia otto ousmane ove owe " +
  "owen ozan ozgur ozlem paavo pablo pamela paola parisa parsa parviz parwana pasi patric patricia " +
  "patrick patrik patrycja patryk paul paula pauliina paulina pauline paulius pavel pavlo pawel " +
  "payam pedram pedro pekka pelle per pernilla pernille petar peter petra petri petrit petro " +
  "petter petteri peyman philip phuc phuong pia pim pinar piotr piret pirjo pirkko pola polina " +
  "pontus pooja pornthip pouya povilas poyraz pranav pranee priit prisha priya priyanka przemyslaw " +
  "päivi pär qadir qais qamar qasim qendresa qendrim qing quan quang quoc quynh rabia rachel " +
  "rachelle radoslaw radu raed rafael rafal rafi rafiq raghad ragnar ragnhild raha rahaf rahel " +
  "rahim rahma rahmat rahmatullah rahul raija raj rajesh rakel raluca rama ramazan rami ramin " +
  "ramla ramon ramona rana randi rania raquel rasha rashid rasmus ratana rattana raul ravi rawan " +
  "rawand ray rayan rayyan raza razia razvan rebecca rebecka rebin rebwar recep reem rehan rein " +
  "reine renas renata reyansh reynaldo reza rezan rhea ricardo richard rickard rida rigmor rihards " +
  "riikka riitta rikard rikke riku rima rina rinesa rinor rishi risto ritva riya riyad rizgar " +
  "rizwan robel robert roberto roberts robin rocio roda rodrigo roger rohan rohit roj roja rojan " +
  "rojda rojin rokas roksana roland rolf romeo rommel ronahi ronaldo ronja ronny ronya rosalie " +
  "rosemarie rosie rowena roxana roy roya roza rozhin ruben ruby rui rukia rune ruqaya ruqiya " +
  "ruslan rut rutger ruth ryan saad saanvi saara saba sabah sabina sadaf sadia sadiq saeed saeid " +
  "safa safiya saga sagal sahar sahil sahra saida saif saima sajad sajid sajjad sakarias sakina " +
  "sakura salah salam saleh salih salim sally salma salman salome salomon sam saman samantha samar " +
  "sameer samer sami samir samira samiullah samson samuel sana sanaz sander sandra sanel sania " +
  "sanja sanna santeri santiago saqib sara sarah sargon sari sasa sasha satu sayed scott sean " +
  "sebastian sebastián seda segen segun seija selam selamawit selim selin selina selma semhar " +
  "semir semira semiramis senad senait senayt sepehr sepideh seppo serdar sergei sergej sergey " +
  "sergio sergiu serhat serhii serkan seth seun sevda shabana shabnam shadi shafiq shahd shahid " +
  "shahin shahram shahzad shakila shamiram shamoun shams shano sharbil sharif sharifa sharon " +
  "shayan shazia sherwan shilan shire shirin shiva shivan shoaib shpend shreya shruti shukri " +
  "siavash siddharth sidra sienna sigge signe sigrid sigrídur sigurd sigurdur sigvard siim siiri " +
  "silje silvia sima simeon simo simon simona simran sina sinan sindre sinem sini siri siriporn " +
  "siriwan sirpa sirwan siv sixten siyu smilla snezana sofi sofia sofie sofiia sofía sohail " +
  "solomon solveig somaya somchai somsak sondre sonia sonja sonny sophia sophie soran soraya sorin " +
  "soroush sozan staffan stanislav stanislaw stefan stefán steinar stella stellan sten stepan " +
  "stephanie stephen steven stian stig stina stine sture suad suda sude sukanya sulaiman suleiman " +
  "sulejman suleyman sultan sumalee sumaya sumeja sune sunee sunil sunisa sunniva supaporn suresh " +
  "susan susana susann susanne suvi suzan svante svea sven sverre svetlana svitlana sylvia sylwia " +
  "synnøve szymon sólveig sören søren süleyman sümeyye tadas tage taha tahir tahmina taim taiwo " +
  "talha tamara tamer tamim tanja tanvi tao tapio tara taras tarek tarik tariq tarja tasneem " +
  "tatiana tea teddy tedros teemu tekla tekle temitope teo teodor teodora teresa terese teresia " +
  "teresita terje tero tesfay tesfaye tetiana tewolde thanaporn thang thanh thao thea thelma theo " +
  "theodor therese thiago thilda thomas thor thu thuy thyra tiago tian tiffany tigist tiina tijana " +
  "tilda tilde tilly tim timo timofey timothy timur tina tindra tine tobi tobias toby tolga tolu " +
  "tomas tomasz tomislav tommi tommy toms tomás toni tonje tony toomas tope topi torben torbjörn " +
  "torbjørn tord tore torgny torill torstein torsten tova tove trang triin trine trinh tristan " +
  "trond truls trygve tsega tsegay tsion tuan tuba tudor tugba tunde tuomas tuomo ture turid tuula " +
  "tuva tuyet tyko tyler tymon tyra ubah uche ugne ugur ulf ulla ulrica ulrik ulrika ulyana umair " +
  "umar umut una unni uno urban urmas uros ursula usama usman uthman uyen vadim vadym vahid vaida " +
  "valbona valdemar valentin valentina valeria valery valle valmir valon valter valtteri vanessa " +
  "vanja varun vasile vasilis vasyl vedad vedran veera vega vegard vendela venla vera veronica " +
  "veronika vesa vesna vetle vicente victor victoria vida vidar vide viet vigdis viggo vihaan " +
  "viivi vijay vikram viktor viktoria viktoriia viktorija vilda vilde vilgot vilhelm vilja ville " +
  "vilma vilmer vincent vinh viola violet violeta viorel visar vitalii vivek viveka vivi viviana " +
  "vivianne viyan vjosa vlad vladimir vladislav vladyslav vlora volkan volodymyr vytautas víctor " +
  "wael wahid wahida waldemar waleed walid walter wanida waqas waraporn warda waris warsame waseem " +
  "wasim wei welat wen werner weronika wiktor wiktoria wilai wilda wilhelm wille william wilma " +
  "wilmer wilson winta wissam wojciech wojtek xiao xiaoli xiaoming xiaoyu ximena xin xinyi xinyu " +
  "xuan xue yacoub yafet yagmur yahya yalda yama yamen yan yana yannis yaqub yara yared yaroslav " +
  "yasaman yasemin yash yasin yasir yasmin yasmina yasmine yasser yassin yavuz yazan yegor yemane " +
  "yemi yen yetunde yevhen yi yigit yilmaz yiming ying ylber ylva yngve yohana yohannes yonan " +
  "yonas yonis yordanos yosef yosief younes yousef yousif yousip youssef yousuf yu yue yuki yulia " +
  "yuliia yun yunus yuqi yuri yurii yusra yusuf yuting yutong yuxuan yvonne zabihullah zacharias " +
  "zafar zahid zahir zahra zahraa zaid zain zainab zakaria zakarias zakariya zakariye zakhar zana " +
  "zane zara zayn zaynab zbigniew zeeshan zehra zeina zeinab zerya zeynab zeynep zhino zhiwei zia " +
  "ziad ziaullah zihan zilan zixuan zlata zlatan zoe zoey zofia zohra zoran zoya zubair zuhal " +
  "zuzanna zygimantas åke åsa åse ólafur ömer örjan östen öykü özgür özlem øystein øyvind "
)
  .split(" ")
  .filter((name) => name !== "");
