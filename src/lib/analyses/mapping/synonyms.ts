import { foldLetters } from '../../import/fold';
import type { ModelTableName } from '../model';

/**
 * Header words that mean each canonical column, one line per language (en, de, fr, es, it, pt, nl, pl, sv, da/no,
 * fi, tr, ru, ja, zh, ko), comma-separated. Keyed by column name: a name means the same in every table of the
 * model (`customer_id` in orders, events ...). The canonical name itself always matches and is not listed.
 * Written as people write headers (accents, capitals, CJK); `foldHeader` makes them comparable. Order matters:
 * when two headers of one table are both synonyms, the one listed first wins (net amounts before totals).
 */
const SYNONYM_LINES: Readonly<Record<string, string>> = {
  customer_id: `
    en: customer, customer id, customer no, customer number, customer nr, customer code, cust id, custid, cust no
    en: client, client id, client no, client number, buyer, buyer id, user id, userid, account id, member id
    en: shopper id, contact id
    de: Kunde, Kunden-ID, Kundennummer, Kunden-Nr, Kundennr, Kd-Nr, Käufer
    fr: id client, numéro client, numéro de client, n° client, code client, acheteur
    es: cliente, id cliente, id de cliente, número de cliente, nº cliente, comprador
    it: codice cliente, numero cliente, acquirente
    pt: id do cliente, código do cliente, código cliente
    nl: klant, klant-id, klantnummer, klantnr, koper
    pl: klient, id klienta, numer klienta, nabywca
    sv: kund, kund-id, kundnummer, kundnr, köpare
    da: kundenummer, kunde-id, kundenr
    fi: asiakas, asiakasnumero
    tr: müşteri, müşteri id, müşteri no, müşteri numarası
    ru: клиент, id клиента, покупатель
    ja: 顧客, 顧客ID, 顧客番号, 顧客コード, 会員ID, 会員番号, ユーザーID, お客様番号
    zh: 客户, 客户ID, 客户编号, 客户号, 顾客, 顾客ID, 用户ID, 會員編號, 客戶, 客戶編號
    ko: 고객, 고객ID, 고객번호, 회원ID, 회원번호
  `,
  order_id: `
    en: order, order id, order no, order number, order nr, order ref, order reference, invoice, invoice id
    en: invoice no, invoice number, invoice nr, transaction id, transaction, receipt, receipt no, sales order
    de: Bestellung, Bestellnummer, Bestell-Nr, Bestellnr, Bestell-ID, Auftrag, Auftragsnummer, Auftragsnr
    de: Rechnung, Rechnungsnummer, Rechnungsnr, Belegnummer, Beleg-Nr
    fr: commande, numéro de commande, n° de commande, n° commande, no de commande, id commande, facture
    fr: numéro de facture, n° facture
    es: pedido, número de pedido, id pedido, nº pedido, factura, número de factura, orden
    it: ordine, numero ordine, id ordine, n ordine, fattura, numero fattura
    pt: encomenda, número do pedido, fatura, nota fiscal
    nl: bestelling, bestelnummer, ordernummer, factuur, factuurnummer
    pl: zamówienie, numer zamówienia, id zamówienia, faktura, nr faktury
    sv: beställning, fakturanummer
    da: ordre, ordrenummer, bestilling
    fi: tilaus, tilausnumero
    tr: sipariş, sipariş no, sipariş numarası, fatura no
    ru: заказ, номер заказа
    ja: 注文, 注文番号, 注文ID, 受注番号, 伝票番号, 請求書番号
    zh: 订单, 订单号, 订单编号, 订单ID, 发票号, 訂單, 訂單編號, 發票號碼
    ko: 주문, 주문번호, 주문 ID
  `,
  order_date: `
    en: order date, date, order time, ordered at, order datetime, invoice date, transaction date
    en: transaction time, purchase date, created at, created, timestamp, datetime, paid at
    de: Datum, Bestelldatum, Auftragsdatum, Rechnungsdatum, Belegdatum, Kaufdatum, bestellt am, erstellt am
    fr: date de commande, date commande, date de facture, date facture, date d'achat
    es: fecha, fecha de pedido, fecha pedido, fecha de compra, fecha de factura, fecha factura
    it: data, data ordine, data dell'ordine, data fattura, data acquisto
    pt: data do pedido, data da compra, data da encomenda
    nl: besteldatum, orderdatum, factuurdatum
    pl: data zamówienia, data zakupu
    sv: beställningsdatum, fakturadatum
    da: dato, ordredato, bestillingsdato, fakturadato
    fi: päivämäärä, tilauspäivä
    tr: tarih, sipariş tarihi, fatura tarihi
    ru: дата, дата заказа
    ja: 日付, 注文日, 注文日時, 受注日, 購入日, 日時
    zh: 日期, 订单日期, 下单时间, 下单日期, 订单时间, 购买日期, 訂單日期
    ko: 날짜, 주문일, 주문일자, 주문 날짜, 구매일
  `,
  currency: `
    en: currency code, ccy, cur, curr, iso currency, currency iso
    de: Währung, Waehrung, Währungscode
    fr: devise, monnaie, code devise
    es: moneda, divisa
    it: valuta
    pt: moeda
    nl: munteenheid
    pl: waluta
    fi: valuutta
    tr: para birimi, döviz
    ru: валюта
    ja: 通貨, 通貨コード
    zh: 货币, 币种, 币别, 貨幣, 幣別
    ko: 통화, 화폐
  `,
  amount: `
    en: net amount, net revenue, net sales, net, total net, subtotal, revenue, sales, sales amount, turnover
    en: total, order total, total amount, value, order value, sum, grand total
    de: Betrag, Umsatz, Summe, Gesamt, Gesamtbetrag, Nettobetrag, Netto, Nettoumsatz, Wert, Bestellwert
    de: Rechnungsbetrag
    fr: montant, montant HT, total HT, chiffre d'affaires, valeur
    es: importe, monto, valor, ingresos, ventas, importe neto
    it: importo, totale, valore, ricavi, fatturato, importo netto
    pt: montante, receita, valor total, valor líquido
    nl: bedrag, totaal, omzet, waarde
    pl: kwota, wartość, suma, przychód, kwota netto
    sv: belopp, summa, totalt, intäkt, försäljning, värde
    da: beløb, omsætning, værdi
    fi: myynti, arvo
    tr: tutar, toplam, ciro, gelir, net tutar
    ru: сумма, выручка
    ja: 金額, 売上, 売上金額, 合計, 合計金額, 税抜金額, 小計
    zh: 金额, 销售额, 总额, 总金额, 收入, 合计, 營業額, 總額
    ko: 금액, 매출, 합계, 총액, 결제금액
  `,
  cogs: `
    en: cost, costs, cost of goods, cost of goods sold, cost of sales, product cost, cost price, purchase price
    de: Wareneinsatz, Einstandspreis, Einkaufspreis, Herstellkosten
    fr: coût, coût des marchandises, prix d'achat, coût de revient
    es: costo, coste, costo de ventas, coste de ventas
    it: costo del venduto
    pt: custo, custo das mercadorias
    nl: kostprijs, inkoopprijs
    pl: koszt, koszt własny
    sv: inköpspris, varukostnad
    da: kostpris, vareforbrug
    tr: maliyet, satılan malın maliyeti
    ru: себестоимость
    ja: 原価, 売上原価
    zh: 成本, 销售成本
    ko: 원가, 매출원가
  `,
  status: `
    en: order status, state, financial status, payment status, fulfillment status
    de: Bestellstatus, Zustand
    fr: statut, état, statut de commande
    es: estado, estatus, estado del pedido
    it: stato, stato ordine
    pt: situação
    nl: bestelstatus
    pl: stan
    sv: orderstatus
    fi: tila
    tr: durum, sipariş durumu
    ru: статус
    ja: ステータス, 状態, 注文ステータス
    zh: 状态, 订单状态, 狀態
    ko: 상태, 주문 상태
  `,
  ship_country: `
    en: ship country, shipping country, ship to country, delivery country, destination country, destination
    de: Lieferland, Versandland, Zielland
    fr: pays de livraison, pays livraison
    es: país de envío, país de entrega
    it: paese di spedizione, paese di consegna
    pt: país de destino
    nl: verzendland, leveringsland, land van levering
    pl: kraj dostawy, kraj wysyłki
    sv: leveransland
    fi: toimitusmaa
    tr: teslimat ülkesi, gönderim ülkesi
    ru: страна доставки
    ja: 配送先国, 発送先国, 配送国
    zh: 收货国家, 配送国家
    ko: 배송 국가
  `,
  sales_channel: `
    en: sales channel, source name, order source, storefront, store, shop, marketplace
    de: Vertriebskanal, Verkaufskanal
    fr: canal de vente
    es: canal de venta
    it: canale di vendita
    pt: canal de venda
    nl: verkoopkanaal
    pl: kanał sprzedaży
    sv: säljkanal, försäljningskanal
    da: salgskanal
    fi: myyntikanava
    tr: satış kanalı
    ru: канал продаж
    ja: 販売チャネル
    zh: 销售渠道
    ko: 판매 채널
  `,
  created_at: `
    en: created, created date, creation date, date created, signup date, sign up date, signup, signed up
    en: registered, registered at, registration date, joined, join date, joined at, first seen, customer since
    en: first order date, account created
    de: erstellt, angelegt am, Erstellungsdatum, registriert am, Registrierungsdatum, Anmeldedatum, Kunde seit
    fr: date de création, date d'inscription, inscription, date inscription, créé le, client depuis
    es: fecha de alta, fecha de registro, alta, registro, fecha de creación, creado
    it: data di registrazione, data registrazione, data di creazione, creato il, iscrizione
    pt: data de cadastro, data de criação, cadastro, criado em, data de registro
    nl: aangemaakt, aanmaakdatum, registratiedatum, klant sinds
    pl: data rejestracji, data utworzenia, utworzono
    sv: skapad, registreringsdatum, kund sedan
    da: oprettet, oprettelsesdato
    fi: rekisteröitymispäivä, luotu
    tr: kayıt tarihi, oluşturulma tarihi
    ru: дата регистрации, дата создания
    ja: 登録日, 作成日, 登録日時, 入会日
    zh: 注册日期, 注册时间, 创建时间, 创建日期, 註冊日期
    ko: 가입일, 등록일, 가입 날짜, 생성일
  `,
  country: `
    en: country code, nation, market, billing country, customer country, country name, iso country
    de: Land, Ländercode, Landescode
    fr: pays, code pays
    es: país, código de país, código país
    it: paese, nazione
    nl: landcode
    pl: kraj
    sv: landskod
    fi: maa
    tr: ülke
    ru: страна
    ja: 国, 国名, 国コード
    zh: 国家, 國家, 国家代码
    ko: 국가, 나라
  `,
  acquisition_channel: `
    en: first touch channel, first touch, utm source, utm medium, traffic source, lead source, referral source
    en: marketing channel, source, medium, how did you hear about us
    de: Akquisekanal, Akquisitionskanal, Marketingkanal, Quelle, Herkunft
    fr: canal d'acquisition, provenance
    es: canal de adquisición, fuente, origen
    it: canale di acquisizione, fonte, origine, sorgente
    pt: canal de aquisição, origem
    nl: acquisitiekanaal, bron
    pl: kanał pozyskania, źródło
    sv: källa
    da: kilde
    fi: lähde
    tr: edinim kanalı, kaynak
    ru: источник
    ja: 獲得チャネル, 流入元, 集客チャネル
    zh: 获客渠道, 来源, 來源
    ko: 유입 채널, 유입경로
  `,
  acquisition_campaign: `
    en: first touch campaign, signup campaign
  `,
  birth_year: `
    en: year of birth, yob, born, birthyear
    de: Geburtsjahr, Jahrgang
    fr: année de naissance
    es: año de nacimiento
    it: anno di nascita
    pt: ano de nascimento
    nl: geboortejaar
    pl: rok urodzenia
    sv: födelseår
    da: fødselsår
    fi: syntymävuosi
    tr: doğum yılı
    ru: год рождения
    ja: 生年, 生まれ年, 誕生年
    zh: 出生年份, 出生年
    ko: 출생연도, 출생년도
  `,
  language: `
    en: lang, locale, preferred language
    de: Sprache
    fr: langue
    es: idioma, lengua
    it: lingua
    nl: taal
    pl: język
    sv: språk
    da: sprog
    fi: kieli
    tr: dil
    ru: язык
    ja: 言語
    zh: 语言, 語言
    ko: 언어
  `,
  preferred_social_platform: `
    en: social platform, social network, social media, preferred social network, preferred social media
    de: soziales Netzwerk, soziale Medien
    fr: réseau social
    es: red social
    it: rete sociale
    pt: rede social
    nl: sociaal netwerk, sociale media
    pl: media społecznościowe
    sv: sociala medier
    da: sociale medier
    tr: sosyal medya
    ru: социальная сеть
    ja: SNS, ソーシャルメディア
    zh: 社交平台, 社交媒体
    ko: 소셜 미디어
  `,
  marketing_consent: `
    en: consent, opt in, optin, accepts marketing, accepts email marketing, email opt in, newsletter, subscribed
    en: marketing opt in, gdpr consent
    de: Einwilligung, Marketing-Einwilligung, Werbeeinwilligung
    fr: consentement, consentement marketing
    es: consentimiento, consentimiento de marketing
    it: consenso, consenso marketing
    pt: consentimento
    nl: toestemming, marketing toestemming
    pl: zgoda marketingowa, zgoda
    sv: samtycke
    da: samtykke
    fi: markkinointilupa
    tr: pazarlama izni
    ru: согласие на рассылку
    ja: メール配信許可, マーケティング同意
    zh: 营销同意
    ko: 마케팅 동의, 수신 동의
  `,
  product_id: `
    en: product, product id, product code, product no, sku, item, item id, item code, item no, article
    en: article no, article number, stock code, ean, gtin, upc, barcode, asin, variant sku, lineitem sku
    de: Artikel, Artikelnummer, Artikelnr, Art-Nr, Produkt, Produkt-ID, Produktnummer
    fr: produit, référence, ref produit, code produit, code article
    es: producto, id producto, código de producto, referencia, artículo
    it: prodotto, codice prodotto, articolo, codice articolo
    pt: produto, código do produto
    nl: productcode, artikelcode
    pl: kod produktu, indeks, towar
    da: varenummer, vare
    fi: tuote, tuotekoodi
    tr: ürün, ürün kodu, stok kodu
    ru: товар, артикул
    ja: 商品, 商品コード, 商品ID, 品番, 商品番号, 型番
    zh: 产品, 商品编号, 产品编号, 货号, 產品編號
    ko: 상품, 상품코드, 상품 번호, 제품
  `,
  category: `
    en: product category, product type, department, collection, product group
    de: Kategorie, Warengruppe, Produktkategorie, Produktgruppe
    fr: catégorie, famille, rayon
    es: categoría, familia
    it: reparto
    nl: productgroep
    pl: kategoria
    sv: kategori, varugrupp
    da: varegruppe
    fi: tuoteryhmä
    ru: категория
    ja: カテゴリ, カテゴリー, 分類, 商品分類
    zh: 类别, 分类, 品类, 類別
    ko: 카테고리, 분류
  `,
  quantity: `
    en: qty, units, pieces, pcs, lineitem quantity, number of items, items, quantity ordered
    de: Menge, Anzahl, Stück, Stückzahl, Stk
    fr: quantité, qté
    es: cantidad, cant, unidades
    it: quantità, qtà, pezzi
    pt: quantidade, qtd, qtde
    nl: aantal, hoeveelheid, stuks
    pl: ilość, liczba, szt
    sv: antal, kvantitet
    da: mængde
    fi: määrä, kpl
    tr: miktar, adet
    ru: количество, кол-во
    ja: 数量, 個数
    zh: 件数, 數量
    ko: 수량, 개수
  `,
  unit_price: `
    en: price, price each, item price, lineitem price, sale price, selling price, price per unit
    de: Preis, Einzelpreis, Stückpreis, Verkaufspreis, Einheitspreis, E-Preis
    fr: prix, prix unitaire, PU, prix de vente
    es: precio, precio unitario, precio de venta
    it: prezzo, prezzo unitario
    pt: preço, preço unitário
    nl: prijs, stukprijs, eenheidsprijs
    pl: cena, cena jednostkowa
    sv: pris, styckpris, à-pris
    da: stykpris, enhedspris
    fi: hinta, yksikköhinta
    tr: fiyat, birim fiyat
    ru: цена, цена за единицу
    ja: 単価, 価格, 販売価格
    zh: 单价, 价格, 單價
    ko: 단가, 가격
  `,
  date: `
    en: day, dt, report date, period, month, week, reporting date, rate date
    de: Datum, Tag, Monat
    fr: jour, mois
    es: fecha, día, mes
    it: data, giorno, mese
    pt: dia, mês
    nl: dag, maand
    pl: dzień, miesiąc
    sv: månad
    da: dato, måned
    fi: päivämäärä, päivä
    tr: tarih, gün
    ru: дата
    ja: 日付, 年月日, 月
    zh: 日期, 月份
    ko: 날짜, 일자
  `,
  channel: `
    en: marketing channel, ad channel, platform, network, source, medium, ad network, share channel
    en: acquisition channel, utm source
    de: Kanal, Plattform, Werbekanal
    fr: canal, plateforme
    es: plataforma
    it: canale, piattaforma
    nl: kanaal, platform
    pl: kanał, platforma
    fi: kanava
    tr: kaynak
    ru: канал
    ja: チャネル, チャンネル, 媒体
    zh: 渠道, 平台
    ko: 채널, 매체
  `,
  campaign: `
    en: campaign name, utm campaign, ad campaign, campaign id
    de: Kampagne
    fr: campagne
    es: campaña
    it: campagna
    pt: campanha
    pl: kampania
    sv: kampanj
    fi: kampanja
    tr: kampanya
    ru: кампания
    ja: キャンペーン
    zh: 活动, 广告活动, 推广活动, 廣告活動
    ko: 캠페인
  `,
  spend: `
    en: ad spend, cost, costs, amount spent, spent, media spend, spend amount, ad cost
    de: Kosten, Ausgaben, Werbekosten, Mediakosten
    fr: dépenses, coût, montant dépensé
    es: gasto, gastos, inversión, coste, costo, importe gastado
    it: spesa, investimento
    pt: custo, valor gasto
    nl: uitgaven, besteding
    pl: wydatki, koszt
    sv: kostnad, spenderat
    da: forbrug, udgift
    fi: kulut, kustannus
    tr: harcama, maliyet
    ru: расходы, затраты
    ja: 費用, 広告費, 消化金額, コスト
    zh: 花费, 消耗, 广告费, 费用, 花費
    ko: 비용, 광고비, 지출
  `,
  impressions: `
    en: impr, imps, ad impressions
    de: Impressionen, Einblendungen, Sichtkontakte
    fr: affichages, nombre d'impressions
    es: impresiones
    it: impressioni
    pt: impressões
    nl: vertoningen, impressies
    pl: wyświetlenia
    sv: visningar
    da: visninger, eksponeringer
    fi: näyttökerrat
    tr: gösterim, gösterimler
    ru: показы
    ja: インプレッション, インプレッション数, 表示回数
    zh: 展示次数, 展现量, 曝光量, 曝光
    ko: 노출, 노출수
  `,
  clicks: `
    en: link clicks, click
    de: Klicks
    fr: clics
    es: clics, número de clics
    it: clic
    pt: cliques
    nl: klikken, kliks
    pl: kliknięcia
    sv: klick
    da: klik
    fi: napsautukset
    tr: tıklama, tıklamalar
    ru: клики
    ja: クリック, クリック数
    zh: 点击, 点击量, 点击次数, 點擊
    ko: 클릭, 클릭수
  `,
  referrer_id: `
    en: referrer, referring customer, referred by, inviter, inviter id, advocate, advocate id, sponsor
    de: Werber, Empfehler, geworben von
    fr: parrain, id parrain
    es: referente, referidor, invitado por
    it: presentatore, invitato da
    pt: indicador, quem indicou, padrinho
    nl: verwijzer, aanbrenger
    pl: polecający
    sv: värvare
    da: henviser
    fi: suosittelija
    tr: davet eden, referans veren
    ru: пригласивший, реферер
    ja: 紹介者, 紹介者ID, 招待者
    zh: 推荐人, 推荐人ID, 邀请人
    ko: 추천인, 초대자
  `,
  referee_id: `
    en: referee, referred, referred customer, referred customer id, invitee, invitee id, friend id, referred user
    de: Geworbener, Geworbene, empfohlener Kunde
    fr: filleul, id filleul
    es: referido, invitado
    it: invitato, presentato
    pt: indicado, convidado
    nl: aangebrachte klant, uitgenodigde
    pl: polecony, zaproszony
    sv: värvad
    da: henvist
    fi: suositeltu
    tr: davet edilen
    ru: приглашённый
    ja: 被紹介者
    zh: 被推荐人, 被邀请人
    ko: 피추천인
  `,
  invited_at: `
    en: invite date, invitation date, invited on, invite sent, sent at, referral date, invited
    de: Einladungsdatum, eingeladen am, Empfehlungsdatum
    fr: date d'invitation, date de parrainage
    es: fecha de invitación
    it: data invito
    pt: data do convite
    nl: uitnodigingsdatum
    pl: data zaproszenia
    sv: inbjudningsdatum
    da: invitationsdato
    fi: kutsupäivä
    tr: davet tarihi
    ru: дата приглашения
    ja: 招待日, 紹介日
    zh: 邀请时间, 邀请日期
    ko: 초대일, 추천일
  `,
  converted_at: `
    en: conversion date, converted on, converted, conversion time, redeemed at, joined at
    de: konvertiert am, Konversionsdatum
    fr: date de conversion, converti le
    es: fecha de conversión
    it: data di conversione, data conversione
    pt: data de conversão
    nl: conversiedatum
    pl: data konwersji
    sv: konverteringsdatum
    da: konverteringsdato
    fi: konversiopäivä
    tr: dönüşüm tarihi
    ru: дата конверсии
    ja: コンバージョン日, 成約日
    zh: 转化时间, 转化日期
    ko: 전환일
  `,
  reward_amount: `
    en: reward, bonus, incentive, referral bonus, payout, referral reward, commission
    de: Prämie, Belohnung, Provision
    fr: récompense, prime
    es: recompensa, premio, bono, bonificación
    it: ricompensa
    pt: prêmio
    nl: beloning, premie
    pl: nagroda, premia
    sv: belöning
    da: belønning
    fi: palkkio
    tr: ödül
    ru: вознаграждение, бонус
    ja: 報酬, 紹介報酬, 特典
    zh: 奖励, 奖励金额, 佣金
    ko: 보상, 리워드
  `,
  reward_currency: `
    en: reward currency, bonus currency
    de: Prämienwährung
    fr: devise de la prime
  `,
  event_time: `
    en: timestamp, time, event timestamp, occurred at, datetime, ts, event date, date, created at
    de: Zeitpunkt, Zeitstempel, Zeit
    fr: horodatage, heure, date de l'événement
    es: marca de tiempo, hora, fecha del evento
    it: orario, data evento
    pt: data do evento, carimbo de data
    nl: tijdstip, tijdstempel
    pl: czas, znacznik czasu
    sv: tidpunkt, tidsstämpel
    da: tidspunkt, tidsstempel
    fi: aikaleima
    tr: zaman, zaman damgası
    ru: время
    ja: 日時, タイムスタンプ, 発生日時
    zh: 时间, 事件时间, 时间戳, 時間
    ko: 시간, 이벤트 시간, 타임스탬프
  `,
  event_name: `
    en: event, event type, action, event action, activity
    de: Ereignis, Ereignisname, Aktion, Ereignistyp
    fr: événement, nom de l'événement
    es: evento, nombre del evento, acción
    it: nome evento, azione
    pt: nome do evento, ação
    nl: gebeurtenis, actie
    pl: zdarzenie, nazwa zdarzenia, akcja
    sv: händelse
    da: hændelse
    fi: tapahtuma
    tr: olay, olay adı
    ru: событие
    ja: イベント, イベント名, アクション
    zh: 事件, 事件名称, 行为
    ko: 이벤트, 이벤트명
  `,
  session_id: `
    en: session, sessionid, visit id, visit
    de: Sitzung, Sitzungs-ID
    fr: id de session
    es: sesión, id de sesión
    it: sessione, id sessione
    pt: sessão
    nl: sessie
    pl: sesja
    fi: istunto
    tr: oturum
    ru: сессия
    ja: セッション, セッションID
    zh: 会话, 会话ID
    ko: 세션, 세션ID
  `,
  experiment_id: `
    en: experiment, experiment name, test, test id, ab test, a/b test, test name
    de: Versuch
    fr: expérience, test A/B
    es: experimento
    it: esperimento
    pl: eksperyment
    da: eksperiment
    fi: koe
    tr: deney
    ru: эксперимент
    ja: 実験, 実験ID, ABテスト
    zh: 实验, 实验ID
    ko: 실험
  `,
  variant: `
    en: variation, group, arm, bucket, treatment, test group, version
    de: Variante, Gruppe
    fr: groupe
    es: grupo
    it: gruppo
    nl: groep
    pl: wariant, grupa
    sv: grupp
    fi: ryhmä
    tr: varyant, grup
    ru: вариант, группа
    ja: バリアント, パターン
    zh: 变体, 分组, 版本
    ko: 변형, 그룹
  `,
  properties: `
    en: props, attributes, metadata, params, parameters, payload, context, extra, json, event properties
    de: Eigenschaften, Attribute, Parameter
    fr: propriétés, attributs
    es: propiedades, atributos
    it: proprietà, attributi
    pt: propriedades
    nl: eigenschappen
    pl: właściwości, atrybuty
    sv: egenskaper
    da: egenskaber
    fi: ominaisuudet
    tr: özellikler
    ru: свойства
    ja: プロパティ, 属性
    zh: 屬性
    ko: 속성
  `,
  base_currency: `
    en: base, base ccy, from currency, from, source currency, currency from
    de: Basiswährung, Ausgangswährung
    fr: devise de base
    es: moneda base
    it: valuta di base
    pt: moeda base
    nl: basisvaluta
    pl: waluta bazowa
    sv: basvaluta
    fi: perusvaluutta
    tr: baz para birimi
    ru: базовая валюта
    ja: 基準通貨
    zh: 基准货币
    ko: 기준 통화
  `,
  quote_currency: `
    en: quote, quote ccy, to currency, to, target currency, counter currency, currency to
    de: Zielwährung, Kurswährung
    fr: devise cotée, devise cible
    es: moneda cotizada, moneda destino
    it: valuta quotata
    pt: moeda cotada
    nl: tegenvaluta
    pl: waluta kwotowana
    sv: motvaluta
    fi: kohdevaluutta
    tr: karşı para birimi
    ru: котируемая валюта
    ja: 対象通貨
    zh: 报价货币, 目标货币
    ko: 대상 통화
  `,
  rate: `
    en: fx rate, exchange rate, fx, conversion rate, rate to base
    de: Kurs, Wechselkurs, Umrechnungskurs
    fr: taux, taux de change, cours
    es: tasa, tipo de cambio, tasa de cambio
    it: tasso, tasso di cambio, cambio
    pt: taxa, taxa de câmbio, cotação
    nl: koers, wisselkoers
    pl: kurs wymiany
    sv: växelkurs
    da: valutakurs
    fi: vaihtokurssi
    tr: kur, döviz kuru
    ru: курс
    ja: レート, 為替レート
    zh: 汇率, 匯率
    ko: 환율
  `
};

/** The synonyms of each column by language code, parsed from `SYNONYM_LINES`. */
export const SYNONYMS_BY_LANGUAGE: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> =
  Object.fromEntries(
    Object.entries(SYNONYM_LINES).map(([column, text]) => [column, parseSynonymLines(column, text)])
  );

/** Every synonym of each column, all languages together. */
export const COLUMN_SYNONYMS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(SYNONYMS_BY_LANGUAGE).map(([column, byLanguage]) => [
    column,
    Object.values(byLanguage).flat()
  ])
);

function parseSynonymLines(column: string, text: string): Record<string, string[]> {
  const byLanguage: Record<string, string[]> = {};
  for (const line of text.split('\n').map((candidate) => candidate.trim())) {
    if (line === '') continue;
    const match = /^([a-z]{2}): (.+)$/.exec(line);
    if (match === null) throw new SyntaxError(`Synonyms of ${column}: "${line}" has no language tag.`);
    const words = match[2].split(',').map((word) => word.trim());
    (byLanguage[match[1]] ??= []).push(...words);
  }
  return byLanguage;
}

/**
 * Columns whose headers fit another column too, at a lower score: a plain "Country" in an orders export is
 * most likely where it went, and a customer table read from orders is created at its first order.
 */
export const RELATED_COLUMNS: Readonly<Record<string, readonly { column: string; weight: number }[]>> = {
  created_at: [
    { column: 'order_date', weight: 0.65 },
    { column: 'event_time', weight: 0.55 }
  ],
  ship_country: [{ column: 'country', weight: 0.7 }],
  acquisition_channel: [{ column: 'channel', weight: 0.8 }],
  acquisition_campaign: [{ column: 'campaign', weight: 0.9 }],
  sales_channel: [{ column: 'channel', weight: 0.6 }],
  reward_currency: [{ column: 'currency', weight: 0.7 }],
  reward_amount: [{ column: 'amount', weight: 0.5 }],
  spend: [{ column: 'amount', weight: 0.6 }],
  event_time: [{ column: 'order_date', weight: 0.7 }],
  converted_at: [{ column: 'created_at', weight: 0.6 }],
  base_currency: [{ column: 'currency', weight: 0.4 }],
  quote_currency: [{ column: 'currency', weight: 0.5 }],
  date: [{ column: 'order_date', weight: 0.6 }]
};

/** Names users give whole tables (or files), for a small bonus when choosing among several tables. */
export const TABLE_SYNONYMS: Readonly<Record<ModelTableName, readonly string[]>> = {
  customers: [
    'customer',
    'clients',
    'client',
    'users',
    'members',
    'accounts',
    'Kunden',
    'clientes',
    'klanten',
    'klienci',
    'kunder',
    'müşteriler',
    '顧客',
    '客户',
    '고객'
  ],
  orders: [
    'order',
    'sales',
    'transactions',
    'invoices',
    'purchases',
    'Bestellungen',
    'Aufträge',
    'Rechnungen',
    'commandes',
    'factures',
    'ventes',
    'pedidos',
    'ventas',
    'ordini',
    'vendite',
    'encomendas',
    'bestellingen',
    'zamówienia',
    'ordrar',
    'ordrer',
    'siparişler',
    '注文',
    '受注',
    '订单',
    '주문'
  ],
  order_items: [
    'order items',
    'order lines',
    'line items',
    'lineitems',
    'items',
    'lines',
    'Positionen',
    'Bestellpositionen',
    'lignes de commande',
    'líneas de pedido',
    'righe ordine',
    'orderregels',
    '注文明細',
    '订单明细',
    '주문 상세'
  ],
  marketing_spend: [
    'spend',
    'ad spend',
    'marketing',
    'costs',
    'campaigns',
    'Werbekosten',
    'Marketingkosten',
    'dépenses',
    'gastos',
    'spese',
    '広告費',
    '广告费',
    '광고비'
  ],
  referrals: [
    'referral',
    'invites',
    'invitations',
    'Empfehlungen',
    'parrainages',
    'referidos',
    'referenze',
    '紹介',
    '推荐',
    '추천'
  ],
  events: [
    'event',
    'tracking',
    'activity',
    'clickstream',
    'Ereignisse',
    'événements',
    'eventos',
    'イベント',
    '事件',
    '이벤트'
  ],
  fx_rates: [
    'fx',
    'exchange rates',
    'rates',
    'currency rates',
    'Wechselkurse',
    'taux de change',
    'tipos de cambio',
    '為替',
    '汇率',
    '환율'
  ]
};

/**
 * A header reduced to what carries its meaning: camelCase boundaries become spaces (`InvoiceNo` -> `invoice
 * no`), then case, accents (`Währung` -> `wahrung`), full-width forms and every run of punctuation or spaces
 * (`_ - . / ° '` ...) are folded. Only the Latin combining accents (U+0300-U+036F) are dropped, so Japanese
 * dakuten and Hangul recompose unchanged.
 */
export function foldHeader(header: string): string {
  const words = header
    .replace(/([\p{Ll}\p{Nd}])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2');
  return foldLetters(words)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface HeaderMatch {
  /** 1 for a synonym, less for a synonym inside a longer header or a related column's synonym. */
  score: number;
  /** The synonym (folded) that matched. */
  synonym: string;
  /** The canonical column whose synonym matched: the target itself or a related column. */
  via: string;
  /** The whole header is the synonym (rather than containing it). */
  exact: boolean;
  /** The synonym's place in its column's list (the canonical name is 0): earlier is the likelier meaning. */
  rank: number;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Words that make a header name a person or a contact rather than a key: "Customer Name" contains
 * "customer" but is no customer id.
 */
const DESCRIPTIVE_WORDS = new Set(
  [
    'name',
    'email',
    'e mail',
    'mail',
    'phone',
    'telephone',
    'address',
    'street',
    'city',
    'description',
    'nom',
    'nombre',
    'nome',
    'naam',
    'namn',
    'navn',
    'nazwa',
    'imie',
    'adi',
    'telefon',
    'adresse',
    'beschreibung',
    'country',
    'land',
    'pays',
    'date',
    'datum',
    'fecha',
    'data'
  ].map(foldHeader)
);

interface FoldedSynonym {
  text: string;
  tokens: string[];
  compact: string;
  cjk: boolean;
}

const folded = new Map<string, FoldedSynonym[]>();

function synonymsOf(column: string): FoldedSynonym[] {
  let list = folded.get(column);
  if (list === undefined) {
    list = [column, ...(COLUMN_SYNONYMS[column] ?? [])].map((synonym) => {
      const text = foldHeader(synonym);
      return { text, tokens: text.split(' '), compact: text.replaceAll(' ', ''), cjk: CJK.test(text) };
    });
    folded.set(column, list);
  }
  return list;
}

/**
 * How well a header (a column name or its original CSV label) names a canonical column. Exact synonyms score
 * 1; a synonym inside a longer header ("Date de commande" contains "commande") scores 0.4-0.85 by how much of
 * the header it covers; a synonym of a related column is scaled by `RELATED_COLUMNS`. `null` when nothing fits.
 */
export function matchHeader(header: string, column: string): HeaderMatch | null {
  let best = matchOwnSynonyms(header, column);
  for (const related of RELATED_COLUMNS[column] ?? []) {
    const match = matchOwnSynonyms(header, related.column);
    if (match !== null && match.score * related.weight > (best?.score ?? 0)) {
      best = { ...match, score: match.score * related.weight };
    }
  }
  return best;
}

function matchOwnSynonyms(header: string, column: string): HeaderMatch | null {
  const text = foldHeader(header);
  if (text === '') return null;
  const tokens = text.split(' ');
  const compact = tokens.join('');
  let best: HeaderMatch | null = null;
  for (const [rank, synonym] of synonymsOf(column).entries()) {
    let score = 0;
    if (synonym.compact === compact) {
      score = 1;
    } else if (synonym.compact.length >= 3 && synonym.compact.length < compact.length) {
      const coverage = synonym.compact.length / compact.length;
      if (containsRun(tokens, synonym.tokens) || (synonym.cjk && compact.includes(synonym.compact))) {
        score = 0.4 + 0.45 * coverage;
      } else if (
        synonym.compact.length >= 5 &&
        tokens.some((token) => token.startsWith(synonym.compact) || token.endsWith(synonym.compact))
      ) {
        // German and Dutch compounds: "Rechnungsdatum", "Kundennummer".
        score = 0.9 * (0.4 + 0.45 * coverage);
      }
      if (score > 0 && column.endsWith('_id') && tokens.some((token) => DESCRIPTIVE_WORDS.has(token))) {
        score /= 2;
      }
    }
    if (score > (best?.score ?? 0))
      best = { score, synonym: synonym.text, via: column, exact: score === 1, rank };
  }
  return best;
}

function containsRun(tokens: readonly string[], run: readonly string[]): boolean {
  for (let start = 0; start + run.length <= tokens.length; start++) {
    if (run.every((token, i) => tokens[start + i] === token)) return true;
  }
  return false;
}

/** Whether a table's name says it holds the target table (`Bestellungen` for orders); a small tie-breaker. */
export function matchTableName(name: string, target: ModelTableName): boolean {
  const tokens = foldHeader(name).split(' ');
  const compact = tokens.join('');
  return [target, ...TABLE_SYNONYMS[target]].some((synonym) => {
    const text = foldHeader(synonym);
    return text.replaceAll(' ', '') === compact || containsRun(tokens, text.split(' '));
  });
}
